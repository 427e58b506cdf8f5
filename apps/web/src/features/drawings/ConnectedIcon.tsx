/** The mark of a drawing copied from an upstream project (D6); its accessible name is "Connected". */
export function ConnectedIcon() {
  return (
    <svg className="connected-icon" role="img" aria-label="Connected" viewBox="0 0 24 24" width="18" height="18" focusable="false">
      <title>Connected</title>
      <path
        d="M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a3 3 0 0 1 4.2 4.2l-2 2a1 1 0 1 1-1.4-1.4l2-2a1 1 0 0 0-1.4-1.4l-3.5 3.5a1 1 0 0 1-1.4 0Zm2.8-2.8a1 1 0 0 1 0 1.4l-3.5 3.5a3 3 0 0 1-4.2-4.2l2-2a1 1 0 0 1 1.4 1.4l-2 2a1 1 0 0 0 1.4 1.4l3.5-3.5a1 1 0 0 1 1.4 0Z"
        fill="currentColor"
      />
    </svg>
  );
}
