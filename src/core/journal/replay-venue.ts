import type { OrderReport, VenueHost, VenueOrder, VenuePort } from '../venue/port.ts';

/**
 * The venue of a real-mode session when its journal is replayed: commands go nowhere, because
 * what the venue answered is in the journal as venue events. The live adapter for Kraken
 * behaves the same while a restart replays the journal, and only then starts sending.
 */
export class ReplayVenue implements VenuePort {
  readonly name = 'replay';
  readonly sent: VenueOrder[] = [];
  connect(_host: VenueHost): void {}
  submit(order: VenueOrder): void {
    this.sent.push(order);
  }
  cancel(_clientId: string): void {}
  cancelAll(_pair?: string): void {}
  openOrders(): OrderReport[] {
    return [];
  }
}
