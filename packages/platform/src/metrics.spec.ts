import { Metrics } from './metrics';

describe('a service gauge', () => {
  it('is set directly, or read when scraped', async () => {
    const metrics = new Metrics('test');
    const direct = metrics.gauge('kessai_test_direct', 'set by the code', ['mode']);
    direct.set({ mode: 'a' }, 3);
    let stored = 7;
    metrics.gauge('kessai_test_collected', 'read at scrape time', ['livemode'], async (g) => {
      g.set({ livemode: 'false' }, stored);
    });
    expect(await metrics.registry.metrics()).toMatch(/kessai_test_direct\{mode="a",service="test"\} 3/);
    expect(await metrics.registry.metrics()).toMatch(/kessai_test_collected\{livemode="false",service="test"\} 7/);
    stored = 0;
    expect(await metrics.registry.metrics()).toMatch(/kessai_test_collected\{livemode="false",service="test"\} 0/);
  });
});
