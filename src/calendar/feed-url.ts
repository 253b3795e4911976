import { Config } from '../config';

/** Where clients reach this server: PUBLIC_URL, else the address it listens on. */
export function publicBase(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  return config.publicUrl ?? `http://${config.host}:${config.port}`;
}

export function feedUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>, key: string): string {
  return `${publicBase(config)}/calendar/${key}.ics`;
}

/** A convention's address for people; only when the public URL is known (a listening address is not). */
export function conventionLink(config: Pick<Config, 'publicUrl'>, conventionId: string): string | null {
  return config.publicUrl ? `${config.publicUrl}/conventions/${encodeURIComponent(conventionId)}` : null;
}
