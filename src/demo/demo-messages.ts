/**
 * Turns the planned traffic of one premises into DUIS messages as the SAT
 * logs them, written with the project's DUIS writer:
 *
 * - a non-critical device request (CV 1): the request, the DCC's I99
 *   acknowledgement, then the device's Service Response (I0 with a GBCS
 *   payload, or E20/E21 when the device cannot be reached);
 * - a critical request: the CV 4 transform request, its I0 response with
 *   the PreCommand, the signed CV 5 leg with the same Request ID, I99, the
 *   device's response and, when future-dated, the 8F66 (or 8F67) alert at
 *   execution; a losing supplier's leftovers stop before that alert;
 * - a non-device request (CV 8): the request and the DCC's response;
 * - about one request in a hundred is rejected at once (an E code).
 *
 * Request ID counters are the send time in milliseconds, as DCC Boxed
 * does, so they only grow per user and device.
 */
import type { Eui64 } from '../domain/eui64.ts';
import { formatRequestId, type RequestId } from '../domain/request-id.ts';
import { findSrv, type SrvDefinition } from '../domain/srv-catalogue.ts';
import {
  writeAcknowledgement,
  writeDccAlert,
  writeDeviceAlert,
  writeFutureDatedAlert,
  writeRequest,
  writeResponse,
} from '../duis/duis-writer.ts';
import type { MarkerMint } from './demo-markers.ts';
import { DCC_ID } from './demo-parties.ts';
import type { DemoPremises, HistoryWindow } from './demo-premises.ts';
import type { AlertPlan, RequestPlan, TrafficPlan } from './demo-traffic.ts';
import {
  alertValues,
  gbcsPayload,
  requestChoices,
  requestValues,
  type ValueContext,
} from './demo-values.ts';
import { SeededRandom } from './seeded-random.ts';

/** One SAT record as a line of an NDJSON file would carry it. */
export interface DemoMessage {
  /** When the SAT logged it (epoch ms). */
  readonly at: number;
  readonly xml: string;
}

/** Outcome rates (per request) of the demo world. */
const RATES = {
  rejected: 0.01,
  deviceError: 0.025,
  notActioned: 0.03,
  firmwareWarning: 0.1,
} as const;

/** Writes the messages of one premises' planned traffic, in time order. */
export function composeMessages(
  window: HistoryWindow,
  premises: DemoPremises,
  plans: readonly TrafficPlan[],
  mint: MarkerMint | null,
): DemoMessage[] {
  const composer = new Composer(window, premises, mint);
  for (const plan of plans) {
    if (plan.type === 'request') composer.request(plan);
    else composer.alert(plan);
  }
  return composer.finish();
}

class Composer {
  readonly #out: DemoMessage[] = [];
  readonly #random: SeededRandom;
  /** Leaf values draw from their own stream, so that a world with markers
   * has the same records (outcomes, times) as one without. */
  readonly #values: SeededRandom;
  readonly #used = new Set<string>();
  readonly #window: HistoryWindow;
  readonly #premises: DemoPremises;
  readonly #mint: MarkerMint | null;

  constructor(
    window: HistoryWindow,
    premises: DemoPremises,
    mint: MarkerMint | null,
  ) {
    this.#window = window;
    this.#premises = premises;
    this.#mint = mint;
    this.#random = new SeededRandom(
      `${window.seed}/messages/${premises.index}`,
    );
    this.#values = new SeededRandom(`${window.seed}/values/${premises.index}`);
  }

  finish(): DemoMessage[] {
    return this.#out.sort((a, b) => a.at - b.at);
  }

  context(partyId: string): ValueContext {
    return {
      random: this.#values,
      premises: this.#premises,
      partyId,
      mint: this.#mint,
    };
  }

  emit(at: number, xml: string): void {
    if (at < this.#window.today) this.#out.push({ at, xml });
  }

  /** A Request ID not used before on this premises. */
  requestId(originator: Eui64, target: Eui64, at: number): RequestId {
    let counter = at;
    while (this.#used.has(`${originator}:${target}:${counter}`)) counter += 1;
    this.#used.add(`${originator}:${target}:${counter}`);
    return { originator, target, counter: String(counter) };
  }

  request(plan: RequestPlan): void {
    const srv = findSrv(plan.srv);
    if (srv === undefined) throw new RangeError(`unknown SRV ${plan.srv}`);
    const id = this.requestId(plan.sender.userId, plan.target, plan.at);
    if (srv.critical) this.critical(plan, srv, id);
    else if (srv.commandVariants.includes(8)) this.nonDevice(plan, srv, id);
    else this.onDevice(plan, srv, id);
  }

  writeLeg(
    plan: RequestPlan,
    id: RequestId,
    commandVariant: number,
    at: number,
  ): void {
    const context = this.context(plan.sender.partyId);
    const xml = writeRequest({
      requestId: id,
      srv: plan.srv,
      commandVariant,
      executionAt: plan.executionAt,
      values: requestValues(context, plan, formatRequestId(id)),
      choose: requestChoices(plan),
    });
    this.emit(at, xml);
  }

  /** A synchronous rejection; answers whether the request was rejected. */
  rejected(plan: RequestPlan, id: RequestId, at: number): boolean {
    if (plan.leftover || plan.succeedsAt !== undefined) return false;
    if (!this.#random.chance(RATES.rejected)) return false;
    const responseCode = this.#random.pick(['E5', 'E5', 'E12', 'E13']);
    this.emit(
      at,
      writeResponse({ requestId: id, srv: plan.srv, responseCode, at }),
    );
    return true;
  }

  onDevice(plan: RequestPlan, srv: SrvDefinition, id: RequestId): void {
    this.writeLeg(plan, id, 1, plan.at);
    const acked = plan.at + this.#random.int(150, 900);
    if (this.rejected(plan, id, acked)) return;
    this.emit(
      acked,
      writeAcknowledgement({ requestId: id, srv: srv.srv, at: acked }),
    );
    const answered = plan.succeedsAt ?? acked + this.#random.int(2000, 45000);
    this.deviceResponse(plan, id, answered);
  }

  /** The device's Service Response; answers whether it succeeded. */
  deviceResponse(plan: RequestPlan, id: RequestId, at: number): boolean {
    const responseId = {
      originator: id.target,
      target: id.originator,
      counter: id.counter,
    };
    const sure = plan.leftover || plan.succeedsAt !== undefined;
    if (!sure && this.#random.chance(RATES.deviceError)) {
      const responseCode = this.#random.pick(['E20', 'E21']);
      this.emit(
        at,
        writeResponse({
          requestId: id,
          responseId,
          srv: plan.srv,
          responseCode,
          at,
        }),
      );
      return false;
    }
    const base64 = gbcsPayload(this.context(plan.sender.partyId), {
      cra: 2,
      messageCode: this.#random.int(1, 0xff),
      size: plan.srv.startsWith('4.')
        ? this.#random.int(180, 560)
        : this.#random.int(24, 90),
      originator: plan.target,
      recipient: plan.sender.userId,
    });
    this.emit(
      at,
      writeResponse({
        requestId: id,
        responseId,
        srv: plan.srv,
        responseCode: 'I0',
        at,
        payload: { kind: 'gbcs', base64 },
      }),
    );
    return true;
  }

  critical(plan: RequestPlan, srv: SrvDefinition, id: RequestId): void {
    this.writeLeg(plan, id, 4, plan.at);
    const transformed = plan.at + this.#random.int(120, 700);
    if (this.rejected(plan, id, transformed)) return;
    const context = this.context(plan.sender.partyId);
    const preCommand = gbcsPayload(context, {
      cra: 1,
      messageCode: this.#random.int(1, 0xff),
      size: this.#random.int(60, 400),
      originator: plan.sender.userId,
      recipient: plan.device.deviceId,
    });
    this.emit(
      transformed,
      writeResponse({
        requestId: id,
        srv: srv.srv,
        responseCode: 'I0',
        at: transformed,
        payload: { kind: 'precommand', base64: preCommand },
      }),
    );
    const signed = transformed + this.#random.int(2000, 25000);
    this.writeLeg(plan, id, 5, signed);
    const acked = signed + this.#random.int(150, 900);
    this.emit(
      acked,
      writeAcknowledgement({ requestId: id, srv: srv.srv, at: acked }),
    );
    const answered = acked + this.#random.int(3000, 40000);
    const accepted = this.deviceResponse(plan, id, answered);
    if (accepted && plan.executionAt !== null && !plan.leftover) {
      this.executed(plan, id, plan.executionAt + this.#random.int(1000, 90000));
    }
  }

  /** The device's 8F66 when the future-dated command ran (8F67: not). */
  executed(plan: RequestPlan, id: RequestId, at: number): void {
    const responseId = {
      originator: id.target,
      target: id.originator,
      counter: id.counter,
    };
    const base64 = gbcsPayload(this.context(plan.sender.partyId), {
      cra: 3,
      messageCode: 0x8f66,
      size: this.#random.int(20, 40),
      originator: plan.target,
      recipient: plan.sender.userId,
    });
    this.emit(
      at,
      writeFutureDatedAlert({
        requestId: id,
        responseId,
        srv: plan.srv,
        actioned: !this.#random.chance(RATES.notActioned),
        at,
        base64,
      }),
    );
  }

  nonDevice(plan: RequestPlan, srv: SrvDefinition, id: RequestId): void {
    this.writeLeg(plan, id, 8, plan.at);
    const answered = plan.at + this.#random.int(300, 2500);
    if (this.rejected(plan, id, answered)) return;
    const warned =
      srv.srv === '11.1' && this.#random.chance(RATES.firmwareWarning);
    const responseCode = warned ? 'W110101' : 'I0';
    this.emit(
      answered,
      writeResponse({
        requestId: id,
        srv: srv.srv,
        responseCode,
        at: answered,
      }),
    );
  }

  alert(plan: AlertPlan): void {
    const context = this.context(plan.recipient.partyId);
    if (plan.type === 'device-alert') {
      const base64 = gbcsPayload(context, {
        cra: 3,
        messageCode: Number.parseInt(plan.code, 16),
        size: this.#random.int(16, 48),
        originator: plan.device.deviceId,
        recipient: plan.recipient.userId,
      });
      this.emit(
        plan.at,
        writeDeviceAlert({
          deviceId: plan.device.deviceId,
          userId: plan.recipient.userId,
          counter: plan.at,
          alertCode: plan.code,
          at: plan.at,
          base64,
        }),
      );
      return;
    }
    this.emit(
      plan.at,
      writeDccAlert({
        userId: plan.recipient.userId,
        dccId: DCC_ID,
        counter: plan.at,
        code: plan.code,
        at: plan.at,
        ...(plan.event === undefined
          ? {}
          : {
              event: plan.event,
              deviceId: plan.device.deviceId,
              values: alertValues(context, plan.at, plan.device.deviceId),
            }),
      }),
    );
  }
}
