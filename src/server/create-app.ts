import { fileURLToPath } from 'node:url'
import compression from 'compression'
import express, { type Express } from 'express'
import { rateLimit } from 'express-rate-limit'
import helmet from 'helmet'
import { pino, type Logger } from 'pino'
import { pinoHttp } from 'pino-http'
import { allowedMethods } from './allowed-methods.js'
import type { EngineHandle } from './engine-handle.js'
import { errorHandler, notFound } from './error-handler.js'
import { errorBody } from './http-error.js'
import { RequestCounter } from './request-counter.js'
import { documentRoute } from './routes/document-route.js'
import { healthRoute } from './routes/health-route.js'
import { searchRoute } from './routes/search-route.js'
import { statsRoute } from './routes/stats-route.js'
import { suggestRoute } from './routes/suggest-route.js'

/**
 * The paths of the search page's own files: `/`, or one plain name with an extension
 * the page is made of. Whatever else sits in the page folder (source maps that show
 * source paths, `.d.ts` files, the TypeScript, `tsconfig.json`, dotfiles) is not served.
 */
const PAGE_FILE = /^\/(?:[\w-]+\.(?:html|js|css|svg|ico|png|webmanifest))?$/

/** Options of {@link createApp}. Every field is optional. */
export interface AppOptions {
  /** Where request logs and errors go. Defaults to a silent logger. */
  logger?: Logger
  /**
   * Requests to `/api/*` one client (IP address) may make per window; more are answered
   * with 429. Results-as-you-type sends a search and a suggest per pause in typing, so
   * the default leaves room for fast typists. Defaults to `600` per `60_000` ms.
   */
  rateLimit?: { limit: number, windowMs: number }
  /**
   * The folder of the search page (index.html, app.js, style.css). Defaults to `page/`
   * beside this module, which after the build is `dist/server/page/`.
   */
  pageDir?: string
  /**
   * Express's `trust proxy` setting: set it when the server runs behind a reverse proxy,
   * so that the rate limit counts clients rather than the proxy. Defaults to `false`.
   */
  trustProxy?: boolean | number | string
  /**
   * Whether to send the Content-Security-Policy. Only tests turn it off, to prove that
   * the page's own escaping keeps hostile documents inert without the policy's help.
   * Defaults to `true`.
   */
  contentSecurityPolicy?: boolean
}

/**
 * Builds the Express app of the search server without listening, so tests can drive it
 * in memory. Order matters: security headers and logging first, so that every answer
 * (also errors and 429s) has them; methods other than GET and HEAD answered before the
 * rate limit counts them; the rate limit before the API routes; the error handler last,
 * where it receives what every route throws.
 */
export function createApp (handle: EngineHandle, options: AppOptions = {}): Express {
  const logger = options.logger ?? pino({ level: 'silent' })
  const pageDir = options.pageDir ?? fileURLToPath(new URL('./page/', import.meta.url))
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', options.trustProxy ?? false)
  // Pretty-printed JSON only helps people reading curl output; keep it compact.
  app.set('json spaces', 0)

  app.use(pinoHttp({
    logger,
    // Log what identifies a request and nothing else: no headers (cookies,
    // authorization), no bodies.
    serializers: {
      req: (req: { method: string, url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => error !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: req => req.url === '/healthz' },
  }))
  app.use(helmet({
    contentSecurityPolicy: options.contentSecurityPolicy === false ? false : {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // The page is one module script and one stylesheet, both files from this
        // server: no inline script or style, no eval, nothing from elsewhere.
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The server speaks plain HTTP on a local port; HSTS would only matter behind TLS,
    // where the proxy that terminates TLS should set it.
    strictTransportSecurity: false,
  }))
  app.use(compression())
  app.use(allowedMethods)

  const { limit, windowMs } = options.rateLimit ?? { limit: 600, windowMs: 60_000 }
  app.use('/api', rateLimit({
    limit,
    windowMs,
    store: new RequestCounter(),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res, _next, used) => {
      res.status(used.statusCode).json(errorBody('RATE_LIMITED', `too many requests; at most ${limit} per ${Math.round(windowMs / 1000)} s, try again shortly`))
    },
  }))
  app.use('/api', (_req, res, next) => {
    // Answers change whenever the index is reloaded.
    res.set('Cache-Control', 'no-cache')
    next()
  })

  app.use(healthRoute(handle))
  app.use(statsRoute(handle))
  app.use(searchRoute(handle))
  app.use(suggestRoute(handle))
  app.use(documentRoute(handle))
  const servePage = express.static(pageDir, {
    index: 'index.html',
    // Revalidate every time (ETags keep that cheap), so a new build of the page is
    // picked up on the next load.
    maxAge: 0,
  })
  app.use((req, res, next) => {
    if (PAGE_FILE.test(req.path)) servePage(req, res, next)
    else next()
  })

  app.use(notFound)
  app.use(errorHandler)
  return app
}
