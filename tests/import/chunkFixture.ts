import type { PurchaseLine } from '../../src/core/model/purchase';
import type { ClientId } from '../../src/core/model/client';

/** A tiny deterministic generator (the fixtures below must not change with a library upgrade). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Lines covering every column type the encoder chooses (cents, f64, f32, NaN and -0, empty strings). */
export function goldenLines(n: number, seed = 1): PurchaseLine[] {
  const r = lcg(seed);
  return Array.from({ length: n }, (_, i) => ({
    clientId: `cli_${Math.floor(r() * 50)}` as ClientId,
    date: `20${10 + Math.floor(r() * 15)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
    amount: pick(r, [Math.round(r() * 1e6) / 100, r() * 1000, -0, -Math.round(r() * 1e4) / 100]),
    qty: pick(r, [1 + Math.floor(r() * 9), -2, 0.5, r()]),
    cost: i % 7 === 0 ? NaN : Math.round(r() * 1e5) / 100,
    orderId: pick(r, ['', `o${Math.floor(i / 3)}`, `C${i}`]),
    product: pick(r, ['', 'Бумага А4', 'Ручка', 'Степлер №24', '"q"']),
    category: pick(r, ['', 'Канцтовары', 'Hardware']),
  }));
}

/**
 * A purchases CSV (`;`, decimal comma, DD.MM.YYYY) with the awkward cells real exports have:
 * padded and tab-led cells, NBSP, grouped and signed numbers, NA, bad dates and numbers, "C" invoices,
 * rows without an amount (price × qty − discount) and rows naming no client.
 */
export function purchasesCsv(rows: number, seed = 2): string {
  const r = lcg(seed);
  const out = ['Customer ID;Customer;Date;Invoice;Product;Category;Qty;Price;Discount;Sales;Cost'];
  for (let i = 0; i < rows; i++) {
    const id = pick(r, [`K${Math.floor(r() * 300)}`, ` K${Math.floor(r() * 300)} `, '', `\tK${Math.floor(r() * 300)}`]);
    const name = id ? pick(r, ['ООО «Ромашка»', 'ИП Иванов', '']) : pick(r, ['ООО «Ромашка»', 'АО «Заря»', '']);
    const day = 1 + Math.floor(r() * 31), month = 1 + Math.floor(r() * 12);
    const date = pick(r, [`${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.2024`, `0${1 + Math.floor(r() * 9)}.03.2023`, '', ' 05.05.2022 ']);
    const order = pick(r, [`${Math.floor(i / 3)}`, `C${i}`, '', `Cx${i}`]);
    const product = pick(r, ['Бумага А4', '\u00a0Ручка', 'Папка 75 мм ', '', 'a\tb']);
    const cat = pick(r, ['', 'Канцтовары', ' Hardware']);
    const qty = pick(r, [`${1 + Math.floor(r() * 9)}`, '-2', '1,5', 'NA', '', '1 234', 'x']);
    const price = pick(r, [`${Math.floor(r() * 1000)},${Math.floor(r() * 90) + 10}`, '1.234,50', '', '12.5', '(3,00)']);
    const disc = pick(r, ['', '', '15', '0,1']);
    const sales = pick(r, [`${Math.floor(r() * 1e5)},${Math.floor(r() * 90) + 10}`, '', '-0', '12345678901234567', '0,1234567890123456789012345', ` ${Math.floor(r() * 100)}`]);
    const cost = pick(r, ['', '', `${Math.floor(r() * 500)},5`, 'NULL']);
    out.push([id, name, date, order, product, cat, qty, price, disc, sales, cost].join(';'));
  }
  return out.join('\r\n');
}

export const PURCHASES_MAPPING = {
  'Customer ID': 'clientExternalId', Customer: 'clientName', Date: 'date', Invoice: 'orderId', Product: 'product',
  Category: 'category', Qty: 'qty', Price: 'unitPrice', Discount: 'discount', Sales: 'amount', Cost: 'cost',
} as const;
