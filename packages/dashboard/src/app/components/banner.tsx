import type { FeedState } from "../live-feed";

/** Says so when the live feed stops (and while it reconnects); says nothing while data flows. */
export function StaleBanner({ feed }: { feed: FeedState }) {
  if (feed.stale && feed.lastMessageAt !== null) {
    const at = new Date(feed.lastMessageAt).toLocaleTimeString("en-GB");
    return (
      <div class="banner banner-stale" role="alert" data-testid="stale-banner">
        <strong>Live data stopped.</strong> Nothing from the dashboard server since {at}; what you see may be out of
        date. Reconnecting…
      </div>
    );
  }
  if (feed.snapshot === null && feed.reconnects > 0) {
    return (
      <div class="banner banner-stale" role="status">
        Connecting to the live feed…
      </div>
    );
  }
  return null;
}
