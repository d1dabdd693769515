/**
 * How a JSON route that shows records answers: through the answer cache,
 * gzipped when the client accepts it, with the access log written first,
 * and the 404 that a missing and an invisible thing share.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import { SatviewError } from '../errors/satview-error.ts';
import type { RecordView } from '../visibility/record-view.ts';
import { recordShown, shownRecords } from './access-recorder.ts';
import { AnswerCache, type CachedAnswer } from './answer-cache.ts';
import { acceptedCoding, codeBody, type Coding } from './answer-coding.ts';
import { callerOf } from './caller-authentication.ts';
import type { ServerContext } from './server-context.ts';

/** An answer and the records it shows; null answer when not visible. */
export interface Computed<T> {
  readonly answer: T | null;
  readonly records: readonly RecordView[];
}

/** Sends the answer for the request's caller, from the cache or computed
 * at `now`. `compute` reads the request's parameters itself: the cache is
 * keyed by the URL, and only a URL whose parameters were valid has an
 * answer in it, so a hit skips reading them again. */
export async function answerRecords<T>(
  context: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  compute: (now: number) => Promise<Computed<T>>,
): Promise<FastifyReply> {
  const now = context.now();
  const partyId = callerOf(request).viewer.partyId;
  const coding = acceptedCoding(request.headers['accept-encoding']);
  const key = AnswerCache.key(partyId, coding, request.url);
  let answer = context.answers.get(key, now);
  if (answer === undefined) {
    answer = computeAnswer(reply, partyId, coding, await compute(now));
    context.answers.set(key, answer, now);
  }
  await recordShown(context.accessLog, request, answer.shown, now);
  reply
    .type('application/json; charset=utf-8')
    .header('vary', 'accept-encoding');
  if (answer.contentEncoding !== null) {
    reply.header('content-encoding', answer.contentEncoding);
  }
  return reply.send(answer.body);
}

function computeAnswer<T>(
  reply: FastifyReply,
  partyId: string,
  coding: Coding,
  computed: Computed<T>,
): CachedAnswer {
  // The route's response schema serializes it, as for any answer.
  const json = reply.serialize(found(computed.answer));
  return {
    ...codeBody(Buffer.from(json as string | Uint8Array), coding),
    shown: shownRecords(computed.records, partyId),
  };
}

/** The answer, or the 404 that a missing and an invisible thing share. */
export function found<T>(answer: T | null): T {
  if (answer === null) {
    throw new SatviewError(
      'notFound',
      'Nothing found under that identifier that you may see.',
    );
  }
  return answer;
}
