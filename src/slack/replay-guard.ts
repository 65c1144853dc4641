import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** Slack signs requests with a timestamp; more than this from our clock either way is refused. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * Bolt refuses signed requests older than five minutes but not ones from the future, which a
 * replayed request with a forged far-future timestamp (and a leaked signature) would exploit.
 * This wraps the receiver's listener and answers 401 before Bolt sees such a request.
 */
export function refuseFutureTimestamps(inner: RequestListener, nowSeconds = () => Math.floor(Date.now() / 1000)): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['x-slack-request-timestamp'];
    const timestamp = typeof header === 'string' ? Number(header) : Number.NaN;
    if (req.method === 'POST' && Number.isFinite(timestamp) && timestamp - nowSeconds() > MAX_CLOCK_SKEW_SECONDS) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('request timestamp is in the future');
      req.resume();
      return;
    }
    inner(req, res);
  };
}
