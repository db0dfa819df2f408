import { describe, expect, it } from 'vitest';
import { loadDemoDataIfEmpty } from '../../core/importer/demoData.js';
import { silentLogger } from '../../core/logger.js';
import { openTempStore } from './importTestKit.js';

describe('loadDemoDataIfEmpty', () => {
  it('loads the committed demo data into an empty SQLite store once, then leaves the store alone', async () => {
    const temp = await openTempStore();
    try {
      const first = await loadDemoDataIfEmpty(temp.store, silentLogger());
      expect(first.loaded).toBe(true);
      expect(first.customers).toBeGreaterThanOrEqual(250);
      expect(first.products).toBeGreaterThanOrEqual(1500);
      expect(first.products).toBeLessThanOrEqual(2500);
      expect(first.interactions).toBeGreaterThan(first.customers * 10);
      expect(await temp.store.customers.count()).toBe(first.customers);
      expect(await temp.store.products.count()).toBe(first.products);
      expect(await temp.store.interactions.count()).toBe(first.interactions);
      expect(await temp.store.orders.count()).toBe(first.orders);

      const customer = (await temp.store.customers.list({ limit: 1 })).items[0];
      expect(customer?.name).toMatch(/^\p{Lu}\p{Ll}+ (?:de )?\p{Lu}\p{Ll}+$/u); // a synthetic person, not "Customer 12347"
      expect(customer?.email).toMatch(/^[a-z]+\.[a-z]+\d*@example\.com$/);
      const history = await temp.store.interactions.listByCustomer(customer?.id ?? '');
      expect(history.items.length).toBeGreaterThan(0);
      expect(history.items[0]?.timestamp).toBeInstanceOf(Date);

      const shipped = await temp.store.orders.get('demo-581586');
      expect(shipped).toMatchObject({ status: 'shipped' });
      expect(shipped?.trackingNumber).toMatch(/^DEMO\d+GB$/);
      expect((await temp.store.orders.get('demo-581587'))?.status).toBe('placed');
      const product = (await temp.store.products.list({ limit: 1 })).items[0];
      expect(product?.title).not.toBe(product?.title.toUpperCase());
      expect(product?.imageUrl).toBe(`/demo/products/${product?.id}/image.svg`);

      const second = await loadDemoDataIfEmpty(temp.store, silentLogger());
      expect(second).toEqual({ loaded: false, customers: 0, products: 0, interactions: 0, orders: 0 });
      expect(await temp.store.interactions.count()).toBe(first.interactions);
    } finally {
      await temp.dispose();
    }
  });
});
