import { randomUUID } from "crypto";
import { EventType, LogEvent, SCHEMA_VERSION } from "../contract";

/**
 * Realistic clickstream traffic: a population of users, each browsing in sessions that
 * follow page flows (landing → browse/search → product → cart → checkout), with a
 * status/latency mix and occasional error bursts on one route.
 * Pure given its random source, so tests can seed it.
 */
export interface TrafficModelOptions {
  readonly users?: number; // default 2000
  /** Chance that an event starts a short burst of 5xx errors on its route. */
  readonly errorBurstChance?: number; // default 0.0005
  /** Events an error burst lasts. */
  readonly errorBurstEvents?: number; // default 200
  readonly random?: () => number; // default Math.random
  readonly now?: () => number; // default Date.now
  readonly newId?: () => string; // default crypto.randomUUID
}

interface Session {
  readonly sessionId: string;
  step: number;
  productId: string | null;
}

interface User {
  readonly userId: string;
  readonly userAgent: string;
  readonly device: LogEvent["device"];
  readonly ip: string;
  readonly country: string;
  session: Session | null;
}

const AGENTS: { agent: string; device: LogEvent["device"]; weight: number }[] = [
  { agent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36", device: "desktop", weight: 40 },
  { agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", device: "desktop", weight: 15 },
  { agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", device: "mobile", weight: 25 },
  { agent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36", device: "mobile", weight: 12 },
  { agent: "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", device: "tablet", weight: 5 },
  { agent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", device: "bot", weight: 3 },
];
const COUNTRIES = [["US", 35], ["DE", 12], ["GB", 10], ["FR", 8], ["IN", 8], ["BR", 6], ["JP", 6], ["CA", 5], ["NL", 5], ["AU", 5]] as const;
const REFERRERS = [null, null, null, "https://www.google.com/", "https://www.bing.com/", "https://news.ycombinator.com/", "https://t.co/x"];
const SEARCHES = ["running shoes", "rain jacket", "usb-c cable", "coffee grinder", "desk lamp", "headphones", "backpack"];
const CATEGORIES = ["shoes", "outdoor", "electronics", "kitchen", "home"];

/** Median latency per route, in ms; the rest of the distribution is log-normal around it. */
const ROUTE_LATENCY_MS: Record<string, number> = {
  "/": 40, "/login": 120, "/logout": 30, "/search": 180, "/category": 90, "/product": 70, "/cart": 60, "/checkout": 350, "/api/events": 15,
};

export class TrafficModel {
  private readonly users: User[];
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly newId: () => string;
  private burst: { route: string; remaining: number } | null = null;

  constructor(private readonly options: TrafficModelOptions = {}) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.users = Array.from({ length: options.users ?? 2000 }, (_, i) => this.newUser(i));
  }

  /** The next event of a random user's session. */
  next(): LogEvent {
    const user = this.users[Math.floor(this.random() * this.users.length)];
    if (!user.session) user.session = { sessionId: this.newId(), step: 0, productId: null };
    const session = user.session;
    const { eventType, method, path, route } = this.nextStep(session);
    session.step++;
    const { status, latencyMs } = this.outcome(route, eventType);
    const event: LogEvent = {
      schema_version: SCHEMA_VERSION,
      event_id: this.newId(),
      event_time: new Date(this.now()).toISOString(),
      user_id: user.userId,
      session_id: session.sessionId,
      event_type: status >= 500 ? "error" : eventType,
      method,
      path,
      status,
      latency_ms: latencyMs,
      user_agent: user.userAgent,
      ip: user.ip,
      country: user.country,
      device: user.device,
      referrer: session.step === 1 ? this.pick(REFERRERS) : `https://shop.example${route === "/" ? "/" : "/category"}`,
      search_query: eventType === "search" ? this.pick(SEARCHES) : null,
      product_id: eventType === "add_to_cart" || eventType === "purchase" ? session.productId : null,
      revenue_cents: eventType === "purchase" && status < 400 ? 500 + Math.floor(this.random() * 20000) : null,
    };
    if (eventType === "logout" || eventType === "purchase" || this.random() < 0.04) user.session = null;
    return event;
  }

  private nextStep(session: Session): { eventType: EventType; method: string; path: string; route: string } {
    const r = this.random();
    if (session.step === 0) return r < 0.15 ? { eventType: "login", method: "POST", path: "/login", route: "/login" } : { eventType: "page_view", method: "GET", path: "/", route: "/" };
    if (session.productId && r < 0.25) return { eventType: "add_to_cart", method: "POST", path: "/cart", route: "/cart" };
    if (session.productId && r < 0.32) return { eventType: "purchase", method: "POST", path: "/checkout", route: "/checkout" };
    if (r < 0.45) return { eventType: "search", method: "GET", path: "/search", route: "/search" };
    if (r < 0.65) return { eventType: "page_view", method: "GET", path: `/category/${this.pick(CATEGORIES)}`, route: "/category" };
    if (r < 0.88) {
      session.productId = `p-${1000 + Math.floor(this.random() * 500)}`;
      return { eventType: "page_view", method: "GET", path: `/product/${session.productId}`, route: "/product" };
    }
    if (r < 0.96) return { eventType: "click", method: "POST", path: "/api/events", route: "/api/events" };
    return { eventType: "logout", method: "POST", path: "/logout", route: "/logout" };
  }

  private outcome(route: string, eventType: EventType): { status: number; latencyMs: number } {
    if (!this.burst && this.random() < (this.options.errorBurstChance ?? 0.0005)) {
      this.burst = { route, remaining: this.options.errorBurstEvents ?? 200 };
    }
    const median = ROUTE_LATENCY_MS[route] ?? 50;
    // Log-normal: exp(N(ln median, 0.6)) via Box-Muller.
    const gaussian = Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
    let latencyMs = Math.round(median * Math.exp(0.6 * gaussian));
    let status = eventType === "purchase" || eventType === "add_to_cart" || eventType === "login" ? (route === "/checkout" ? 201 : 200) : 200;
    if (this.burst && this.burst.route === route) {
      this.burst.remaining--;
      if (this.burst.remaining <= 0) this.burst = null;
      if (this.random() < 0.6) return { status: this.random() < 0.7 ? 503 : 500, latencyMs: latencyMs * 8 };
    }
    const r = this.random();
    if (r < 0.03) status = 404;
    else if (r < 0.045) status = eventType === "login" ? 401 : 400;
    else if (r < 0.05) status = 500;
    if (route === "/" && r > 0.97) status = 304;
    latencyMs = Math.min(latencyMs, 600_000);
    return { status, latencyMs };
  }

  private newUser(index: number): User {
    const agent = this.weighted(AGENTS.map((a) => [a, a.weight] as const));
    const octets = [11 + Math.floor(this.random() * 200), Math.floor(this.random() * 256), Math.floor(this.random() * 256)];
    return {
      userId: `u-${String(index).padStart(6, "0")}`,
      userAgent: agent.agent,
      device: agent.device,
      // Anonymised at the source: the last octet is never known.
      ip: `${octets.join(".")}.0`,
      country: this.weighted(COUNTRIES.map(([code, weight]) => [code, weight] as const)),
      session: null,
    };
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let r = this.random() * total;
    for (const [item, weight] of items) {
      r -= weight;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
}

export interface GeneratorStatus {
  readonly running: boolean;
  readonly ratePerSecond: number;
  readonly generated: number;
  readonly failed: number;
}

/**
 * Drives a TrafficModel at a rate (events/s), sending each tick's events as one batch.
 * Ticks that cannot be sent (Kafka down) are counted and dropped: generated traffic is a
 * load source, not data anyone acknowledged.
 */
export class Generator {
  private timer: NodeJS.Timeout | undefined;
  private ratePerSecond: number;
  private generated = 0;
  private failed = 0;
  private carry = 0;
  private sending: Promise<void> = Promise.resolve();
  private static readonly TICK_MS = 100;
  private static readonly MAX_BATCH_EVENTS = 1000;

  constructor(
    private readonly model: TrafficModel,
    private readonly send: (events: LogEvent[]) => Promise<void>,
    ratePerSecond: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.ratePerSecond = Generator.checkRate(ratePerSecond);
  }

  static checkRate(rate: number): number {
    if (!Number.isFinite(rate) || rate < 0 || rate > 100_000) throw new RangeError(`rate must be between 0 and 100000 events per second, but ${rate} was provided`);
    return rate;
  }

  start(ratePerSecond = this.ratePerSecond): void {
    this.ratePerSecond = Generator.checkRate(ratePerSecond);
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), Generator.TICK_MS);
  }

  setRate(ratePerSecond: number): void {
    this.ratePerSecond = Generator.checkRate(ratePerSecond);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sending;
  }

  status(): GeneratorStatus {
    return { running: this.timer !== undefined, ratePerSecond: this.ratePerSecond, generated: this.generated, failed: this.failed };
  }

  private tick(): void {
    const exact = (this.ratePerSecond * Generator.TICK_MS) / 1000 + this.carry;
    const count = Math.floor(exact);
    this.carry = exact - count;
    if (count === 0) return;
    const events = Array.from({ length: count }, () => this.model.next());
    // In batches a Kafka request takes whole, however high the rate.
    const batches = Array.from({ length: Math.ceil(count / Generator.MAX_BATCH_EVENTS) }, (_, i) => events.slice(i * Generator.MAX_BATCH_EVENTS, (i + 1) * Generator.MAX_BATCH_EVENTS));
    this.sending = Promise.all(batches.map((batch) => this.send(batch))).then(
      () => {
        this.generated += count;
      },
      (error: unknown) => {
        this.failed += count;
        this.onError(error);
      },
    );
  }
}
