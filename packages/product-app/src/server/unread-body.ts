import type express from 'express';

/**
 * Drops what a route left unread of a request's body once the answer is sent. Most routes never
 * read a body (sign-out, pages that take no form); unread, a large one stays in the connection,
 * and a client on a kept-alive connection waits for ever to finish sending it, never reading the
 * answer already there. Remix's request body has no reader left by then: its feed is cut, the rest
 * read and discarded.
 */
export function dropUnreadBody(): express.RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      if (req.complete) return;
      req.removeAllListeners('data');
      req.resume();
    });
    next();
  };
}
