/**
 * What each party sends to the devices of one premises, and when: the
 * rhythm of routine work (billing and profile reads, top-ups, network
 * reads, an Other User's consumption reads) and the work that events
 * bring (quarterly tariff and price updates, a Change of Supplier with its
 * 6.23 and the losing supplier's leftovers, a Change of Tenancy, a
 * Network Operator change through 6.15.1, a meter exchange, a new
 * install, a consent, a firmware campaign), plus Device and DCC Alerts.
 *
 * Every sender holds a role the SRV catalogue allows, and sends only to
 * devices it is responsible for at that moment (an Other User only under
 * consent). The plan says nothing about outcomes: the message composer
 * decides acknowledgements, responses and errors.
 */
import type { DemoPremises, HistoryWindow } from './demo-premises.ts';
import { planAlerts, planEvents } from './traffic-events.ts';
import { TrafficPlanner, type TrafficPlan } from './traffic-planner.ts';
import { planRoutines } from './traffic-routines.ts';

export {
  aliveAt,
  type AlertPlan,
  type RequestDetails,
  type RequestPlan,
  type Sender,
  senderOf,
  spanAt,
  type TrafficPlan,
} from './traffic-planner.ts';

/** Plans the traffic of one premises, in time order. */
export function planTraffic(
  window: HistoryWindow,
  premises: DemoPremises,
): TrafficPlan[] {
  const planner = new TrafficPlanner(window, premises);
  planRoutines(planner);
  planEvents(planner);
  planAlerts(planner);
  return planner.finish();
}
