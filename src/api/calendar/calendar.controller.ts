import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { keyOfFile } from '../../calendar/feed-key';
import { PartyCalendarService } from '../../calendar/party-calendar.service';

/**
 * GET /calendar/<feed key>.ics: a party's deadlines for calendar clients, which cannot send a
 * bearer token; the key in the URL is the secret. An unknown or revoked key is a bare 404.
 */
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendars: PartyCalendarService) {}

  @Get(':file')
  async feed(
    @Param('file') file: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const key = keyOfFile(file);
    const feed = key ? await this.calendars.open(key) : null;
    if (!feed) return void reply.status(404).type('text/plain').send('Not Found');
    const lastModified = new Date(feed.lastModified).toUTCString();
    void reply
      .header('cache-control', 'private, max-age=300')
      .header('etag', feed.etag)
      .header('last-modified', lastModified);
    if (notModified(request, feed.etag, feed.lastModified)) return void reply.status(304).send();
    void reply.type('text/calendar; charset=utf-8').send(await feed.body());
  }
}

/** RFC 9110: If-None-Match wins over If-Modified-Since when both are sent. */
function notModified(request: FastifyRequest, etag: string, lastModified: string): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch) return ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  const since = request.headers['if-modified-since'];
  if (!since) return false;
  const sinceMs = Date.parse(since);
  // HTTP dates have whole seconds.
  return !Number.isNaN(sinceMs) && Math.floor(Date.parse(lastModified) / 1000) * 1000 <= sinceMs;
}
