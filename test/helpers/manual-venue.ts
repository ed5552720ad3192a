import type { OrderReport, VenueEvent, VenueHost, VenueOrder, VenuePort } from '../../src/core/venue/port.ts';

/** A venue driven by the test: records what the kernel sends, emits whatever the test says. */
export class ManualVenue implements VenuePort {
  readonly name = 'manual';
  host!: VenueHost;
  readonly submitted: VenueOrder[] = [];
  readonly cancels: string[] = [];

  connect(host: VenueHost): void {
    this.host = host;
  }
  submit(order: VenueOrder): void {
    this.submitted.push(order);
  }
  cancel(clientId: string): void {
    this.cancels.push(clientId);
  }
  cancelAll(): void {
    this.cancels.push('*');
  }
  openOrders(): OrderReport[] {
    return [];
  }
  emit(ev: VenueEvent): void {
    this.host.emit(ev);
  }
}
