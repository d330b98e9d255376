import { describeBusConformance, type BusUnderTest } from './conformance.ts';
import { createMemoryBus } from './index.ts';

describeBusConformance('memory', async () => {
  const errors: BusUnderTest['errors'] = [];
  const bus = createMemoryBus((err, event) => errors.push({ err, event }));
  return { bus, errors, close: () => bus.close() };
});
