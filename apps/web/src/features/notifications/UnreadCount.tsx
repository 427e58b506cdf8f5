/** The unread count beside the Notifications link; the feed arrives with the notifications issue. */
export function UnreadCount() {
  return null;
}
