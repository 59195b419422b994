"""Scrapy settings for the OGI report crawler."""

from crawler import __version__

BOT_NAME = "ogi"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# Identify ourselves and behave like a polite crawler.
OGI_CONTACT_URL = "https://github.com/ogi-archive/ogi-archive"
USER_AGENT = f"ogi-archive/{__version__} (+{OGI_CONTACT_URL})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 8
# AutoThrottle: a portal that answers slowly is asked less often (the delay follows its
# latency), never more than CONCURRENT_REQUESTS_PER_DOMAIN at once.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.25
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
REDIRECT_MAX_TIMES = 5  # a redirect loop ends here
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_BACKOFF_BASE = 2.0  # seconds before the first retry, doubled for each next one
RETRY_BACKOFF_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.crawl.backoff.BackoffRetryMiddleware": 550,
    "crawler.crawl.backlog.BacklogMiddleware": 50,
    "crawler.crawl.capture.CaptureMiddleware": 950,  # next to the downloader: responses as they came
    # a broken gzip, deflate, br or zstd stream is recorded before HttpCompressionMiddleware (590) would pass on
    # what it could read; 595, so that it runs after RedirectMiddleware (600), not in an undefined order with it
    "crawler.crawl.failure_middleware.EncodingCheck": 595,
    "crawler.crawl.failure_middleware.FailureLog": 10,  # outermost: sees a request given up once the retries are spent
}
COOKIES_ENABLED = False
# Scrapy starts CONCURRENT_ITEMS tasks for every response's output whatever it holds (a
# page yields a few requests and at most a few items): 100 of them cost a quarter of a
# bare crawl's CPU in a 20 x 250 profile. 8 at a time is plenty: a request it yields is
# only queued, and a page yields at most a few items.
CONCURRENT_ITEMS = 8
# Scrapy re-reads a generator callback's source with ast for every response to warn of a
# `return value` inside it (its cache is keyed on the bound method, new per request):
# 6-9% of the crawl's CPU. The spiders' callbacks are tested instead.
WARN_ON_GENERATOR_RETURN_VALUE = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no control port opened by a crawl

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# The rendered spider's browser: Debian's Chromium (installed by scripts/bootstrap),
# since Playwright cannot download its own here. Background networking off: the machine
# has no route out and Chromium would keep trying.
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": "/usr/bin/chromium",
    "headless": True,
    "args": ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
}
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000  # milliseconds
OGI_RENDER_RESOURCE_TIMEOUT = 10_000  # milliseconds a rendered page's script, stylesheet or XHR is given
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
FEED_EXPORT_ENCODING = "utf-8"

# spider -> item -> decode -> repair -> parse -> content hash -> archive
# (the middle four as one stage, PreparePipeline, in the crawl or in worker processes)
ITEM_PIPELINES = {
    "pipelines.prepare.PreparePipeline": 100,
    "pipelines.archive.ArchivePipeline": 900,
}
# Worker processes that decode, repair and parse items beside the crawl; 0: in the crawl's
# own process. Measured on 20 x 250 portals (benchmarks/crawl.py, 2026-11-30): in the
# crawl's process 89 pages/s, 223 MiB; with 1 worker 109 pages/s, 308 MiB (crawl and
# worker together). It stays off by default while only the in-process crawl keeps under 300 MB.
OGI_WORKERS = 0
# Work waiting for the workers or the archive's writer, over all portals, before new
# downloads wait too (crawler/crawl/backlog.py): bounds the crawl's memory when they fall behind.
OGI_BACKLOG = 16

EXTENSIONS = {"crawler.crawl.error_stats.ErrorStats": 0, "crawler.crawl.crawl_log.CrawlLog": 0}
# Last in the chain: it sees the requests and items that the other spider middlewares let through.
SPIDER_MIDDLEWARES = {"crawler.crawl.frontier_middleware.FrontierMiddleware": 10}

# Each run is recorded in the archive's `crawls` table, each portal's part in `crawl_portals`
# (crawler/archive/crawls.py): figures, errors, how it ended.
OGI_CRAWL_LOG = True
# Each portal's frontier kept in the archive (crawler/archive/frontier.py): a crawl stopped in any way
# resumes where it was when the next crawl of that portal starts, without fetching again
# what it had finished.
OGI_FRONTIER = True
# ... and resumed from there (a distributed crawl's workers resume from the shared queue instead).
OGI_FRONTIER_RESUME = True

# A report page or attachment whose server sent no validators (ETag, Last-Modified) is
# fetched again by a re-crawl only once its last capture is this many days old (0: every
# crawl); an unchanged one is counted unchanged and not archived again.
OGI_REVISIT_DAYS = 30.0

# Where the archive lives; `ogi` commands override it with --db. Its WARC files go to
# warc/ beside it (crawler.archive.batch.warc_folder).
OGI_DATABASE = "data/ogi.db"
# Every response written to the WARC files and indexed in captures (crawler.crawl.capture).
OGI_CAPTURE = True
# A WARC file is closed, and the next begun, once it holds this many bytes.
OGI_WARC_BYTES = 1 << 30
# Captures are committed in batches of this many, or once the batch's first is this many
# seconds old (crawler.archive.batch.BatchWriter): a crash loses at most the open batch, whole
# captures only, fetched again by the next crawl.
OGI_COMMIT_EVERY = 100
OGI_COMMIT_SECONDS = 2.0

# The portal registry `scrapy crawl SPIDER -a portal=ID` looks the portal up in.
OGI_REGISTRY = "data/portals.yml"

# Seconds between progress lines of `ogi crawl` / `ogi demo`.
OGI_PROGRESS_INTERVAL = 2.0

LOG_LEVEL = "INFO"
