import { useNotifications } from './api';

/** The unread count beside the Notifications link, read as "3 unread" by screen readers. */
export function UnreadCount() {
  const unread = useNotifications().data?.items.filter((n) => !n.readAt).length ?? 0;
  if (!unread) return null;
  return (
    <span className="count">
      {unread}
      <span className="visually-hidden"> unread</span>
    </span>
  );
}
