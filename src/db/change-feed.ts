import { sql as drizzleSql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Logger } from 'pino';
import type { Executor } from './database.js';

/** Called with the payload of each notification on the channel. */
export type ChangeHandler = (payload: string) => void;

export interface SubscribeOptions {
  /**
   * Called when the listening connection was lost and is listening again: notifications sent
   * in between are gone, so a subscriber should catch up by querying (they are only hints).
   */
  onResume?: () => void;
}

interface Subscriber {
  handler: ChangeHandler;
  onResume?: () => void;
}

interface Channel {
  subscribers: Set<Subscriber>;
  listening: Promise<void>;
  unlisten?: () => Promise<unknown>;
  /** Whether the first LISTEN succeeded: later `onlisten` calls are reconnections. */
  established: boolean;
}

/**
 * PostgreSQL LISTEN/NOTIFY for one app instance: one LISTEN per channel on the driver's
 * listening connection, whatever the number of subscribers, fanned out here. What changed is
 * always in the tables; a notification only says when to look, so every instance (behind a
 * load balancer) learns of changes made through any other.
 */
export class ChangeFeed {
  private readonly channels = new Map<string, Channel>();
  private closed = false;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /**
   * Calls `handler` for every notification on `channel` until the returned function is called.
   * Resolves once the channel is listened to, so a notification sent after that is delivered.
   */
  async subscribe(
    channel: string,
    handler: ChangeHandler,
    options: SubscribeOptions = {},
  ): Promise<() => void> {
    if (this.closed) throw new Error('The change feed is closed.');
    const entry = this.channels.get(channel) ?? this.listen(channel);
    const subscriber: Subscriber = { handler, onResume: options.onResume };
    entry.subscribers.add(subscriber);
    try {
      await entry.listening;
    } catch (error) {
      entry.subscribers.delete(subscriber);
      throw error;
    }
    return () => entry.subscribers.delete(subscriber);
  }

  /** Stops delivering and stops listening; the connection itself closes with the database. */
  async close(): Promise<void> {
    this.closed = true;
    const channels = [...this.channels.values()];
    this.channels.clear();
    for (const channel of channels) channel.subscribers.clear();
    await Promise.allSettled(channels.flatMap((channel) => channel.unlisten?.() ?? []));
  }

  /**
   * Channels stay listened to while the feed is open, even without subscribers: they are few,
   * and the driver's `unlisten` misses listeners it re-created after a reconnection.
   */
  private listen(name: string): Channel {
    const channel: Channel = {
      subscribers: new Set(),
      listening: Promise.resolve(),
      established: false,
    };
    channel.listening = this.sql
      .listen(
        name,
        (payload) => this.each(channel, (subscriber) => subscriber.handler(payload)),
        () => {
          // The driver calls this again after it re-listened on a new connection.
          if (channel.established) this.each(channel, (subscriber) => subscriber.onResume?.());
          channel.established = true;
        },
      )
      .then(
        (result) => {
          channel.unlisten = () => result.unlisten();
        },
        (error: unknown) => {
          // The next subscriber tries again.
          if (this.channels.get(name) === channel) this.channels.delete(name);
          throw error;
        },
      );
    this.channels.set(name, channel);
    return channel;
  }

  /** One subscriber's failure must not keep the others from hearing of the change. */
  private each(channel: Channel, call: (subscriber: Subscriber) => void): void {
    for (const subscriber of channel.subscribers) {
      try {
        call(subscriber);
      } catch (err) {
        this.log.warn({ err }, 'a change feed subscriber failed');
      }
    }
  }
}

/**
 * Sends a notification through the caller's executor: inside a transaction PostgreSQL delivers
 * it on commit (never on rollback), so listeners never see a change before it is visible.
 */
export async function notify(executor: Executor, channel: string, payload: string): Promise<void> {
  await executor.execute(drizzleSql`select pg_notify(${channel}, ${payload})`);
}
