import { Alert } from '../../components/Alert';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { refusalText } from '../../lib/refusals';
import { useMarkAllRead, useMarkRead, useNotifications } from './api';

/** N2/N3: the in-app feed of the signed-in user; mark one or all read. */
export function NotificationsPage() {
  const feed = useNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const unread = feed.data?.items.filter((n) => !n.readAt).length ?? 0;
  return (
    <section aria-labelledby="notifications-heading">
      <div className="section-head">
        <h2 id="notifications-heading">Notifications</h2>
        <div className="actions">
          <span className="muted">{unread} unread</span>
          <button type="button" onClick={() => markAll.mutate()} disabled={!unread || markAll.isPending}>
            Mark all read
          </button>
        </div>
      </div>
      {(markRead.error || markAll.error) && <Alert>{refusalText(markRead.error ?? markAll.error)}</Alert>}
      <QueryState query={feed} label="notifications">
        {(page) =>
          page.items.length === 0 ? (
            <p>No notifications yet.</p>
          ) : (
            <ul className="notification-list">
              {page.items.map((n) => (
                <li key={n.id} className={`card notification${n.readAt ? '' : ' unread'}`}>
                  <div className="connection-head">
                    <h3>
                      {!n.readAt && <span className="visually-hidden">Unread: </span>}
                      {n.title}
                    </h3>
                    <span className="muted">{formatDateTime(n.createdAt)}</span>
                  </div>
                  <p>{n.body}</p>
                  {!n.readAt && (
                    <button type="button" onClick={() => markRead.mutate(n.id)} disabled={markRead.isPending}>
                      Mark read<span className="visually-hidden">: {n.title}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
