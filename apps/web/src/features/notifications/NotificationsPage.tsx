export function NotificationsPage() {
  return (
    <section aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">Notifications</h2>
      <p>Your notifications appear here.</p>
    </section>
  );
}
