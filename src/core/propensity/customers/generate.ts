import { Rng, sigmoid } from '../../util/rng'

/** A cell of a customer table as an import stores it: a number, text, or a blank (null). */
export type Cell = number | string | null

export interface CustomerColumn {
  name: string
  /** What a CSV import infers for it (blanks allowed in every type). */
  type: 'integer' | 'number' | 'text'
  values: Cell[]
}

export interface CustomerTable {
  columns: CustomerColumn[]
}

export interface GeneratedCustomers extends CustomerTable {
  /** The true churn probability of each customer (the logistic truth the label was drawn from). */
  truth: Float64Array
  /** The true log-odds coefficients, by the term they multiply. */
  coefficients: Record<string, number>
}

const CONTRACTS = ['Month-to-month', 'One year', 'Two year'] as const
const INTERNET = ['DSL', 'Fiber optic', 'No'] as const
const PAYMENTS = [
  'Electronic check',
  'Mailed check',
  'Bank transfer (automatic)',
  'Credit card (automatic)'
] as const
/** Many levels: the encoder target-encodes it. Each region has its own true effect. */
const REGIONS = 60

/**
 * The true model, in log-odds. Every term is a function of one raw column that
 * one-hot, target encoding or the raw number carries linearly, so a logistic
 * regression on the encoded features can recover it (the "known logistic truth").
 */
export const CUSTOMER_TRUTH = {
  intercept: -0.9,
  'contract=One year': -1.3,
  'contract=Two year': -2.8,
  tenure_years: -0.6,
  monthly_charges_per_10: 0.12,
  'internet_service=Fiber optic': 0.55,
  'internet_service=No': -0.6,
  'online_security=Yes': -0.5,
  'tech_support=Yes': -0.45,
  'payment_method=Electronic check': 0.5,
  paperless_billing: 0.3,
  senior_citizen: 0.3,
  partner: -0.2,
  region_sd: 0.5
} as const

/**
 * Subscription customers (one row per customer) in the shapes real churn tables
 * come in: a contract type, tenure in months, monthly and total charges (total
 * blank for brand-new customers), yes/no columns spelled out in some columns and
 * coded 1/0 in others, "No internet service" / "No phone service" levels, a
 * region with many levels, a constant column and an id. The label `churn`
 * (Yes/No) is drawn from a known logistic truth; deterministic from the seed.
 */
export function generateCustomers(n: number, seed: number): GeneratedCustomers {
  const rng = new Rng(seed)
  const T = CUSTOMER_TRUTH
  const regionEffect = Array.from({ length: REGIONS }, () => rng.normal(0, T.region_sd))
  const cols: Record<string, Cell[]> = {}
  const names = [
    'customer_id',
    'gender',
    'senior_citizen',
    'partner',
    'dependents',
    'tenure',
    'phone_service',
    'multiple_lines',
    'internet_service',
    'online_security',
    'tech_support',
    'streaming_tv',
    'contract',
    'paperless_billing',
    'payment_method',
    'monthly_charges',
    'total_charges',
    'region',
    'country',
    'churn'
  ]
  for (const c of names) cols[c] = new Array<Cell>(n)
  const truth = new Float64Array(n)
  const yesNo = (b: boolean) => (b ? 'Yes' : 'No')
  for (let i = 0; i < n; i++) {
    const contract = rng.next() < 0.55 ? 0 : rng.next() < 0.5 ? 1 : 2
    // Longer contracts go with longer tenure; 3% of customers are brand new (tenure 0).
    const tenure =
      rng.next() < 0.03 ? 0 : Math.min(72, 1 + Math.floor(rng.exponential(1 / (10 + 15 * contract))))
    const senior = rng.next() < 0.16
    const partner = rng.next() < 0.48
    const dependents = partner ? rng.next() < 0.45 : rng.next() < 0.1
    const phone = rng.next() < 0.9
    const multiple = phone && rng.next() < 0.45
    const internet = rng.next() < 0.34 ? 0 : rng.next() < 0.7 ? 1 : 2
    const hasNet = internet !== 2
    const security = hasNet && rng.next() < 0.35
    const support = hasNet && rng.next() < 0.35
    const tv = hasNet && rng.next() < 0.45
    const paperless = rng.next() < 0.6
    const payment = rng.int(4)
    const region = rng.int(REGIONS)
    const monthly =
      Math.round(
        (20 +
          (phone ? 5 : 0) +
          (multiple ? 5 : 0) +
          (internet === 0 ? 25 : internet === 1 ? 50 : 0) +
          (security ? 5 : 0) +
          (support ? 5 : 0) +
          (tv ? 10 : 0) +
          rng.normal(0, 3)) *
          100
      ) / 100
    const eta =
      T.intercept +
      (contract === 1 ? T['contract=One year'] : contract === 2 ? T['contract=Two year'] : 0) +
      T.tenure_years * (tenure / 12) +
      T.monthly_charges_per_10 * (monthly / 10) +
      (internet === 1 ? T['internet_service=Fiber optic'] : internet === 2 ? T['internet_service=No'] : 0) +
      (security ? T['online_security=Yes'] : 0) +
      (support ? T['tech_support=Yes'] : 0) +
      (payment === 0 ? T['payment_method=Electronic check'] : 0) +
      (paperless ? T.paperless_billing : 0) +
      (senior ? T.senior_citizen : 0) +
      (partner ? T.partner : 0) +
      regionEffect[region]
    const p = sigmoid(eta)
    truth[i] = p
    cols.customer_id[i] = `C${String(i + 1).padStart(7, '0')}`
    cols.gender[i] = rng.next() < 0.5 ? 'Female' : 'Male'
    cols.senior_citizen[i] = senior ? 1 : 0
    cols.partner[i] = yesNo(partner)
    cols.dependents[i] = yesNo(dependents)
    cols.tenure[i] = tenure
    cols.phone_service[i] = yesNo(phone)
    cols.multiple_lines[i] = phone ? yesNo(multiple) : 'No phone service'
    cols.internet_service[i] = INTERNET[internet]
    cols.online_security[i] = hasNet ? yesNo(security) : 'No internet service'
    cols.tech_support[i] = hasNet ? yesNo(support) : 'No internet service'
    cols.streaming_tv[i] = hasNet ? yesNo(tv) : 'No internet service'
    cols.contract[i] = CONTRACTS[contract]
    // Coded 1/0 here where the other yes/no columns are spelled out, as real exports mix them.
    cols.paperless_billing[i] = paperless ? 1 : 0
    cols.payment_method[i] = PAYMENTS[payment]
    cols.monthly_charges[i] = monthly
    // Brand-new customers have not been billed yet: their total is blank.
    cols.total_charges[i] =
      tenure === 0 ? null : Math.round(monthly * tenure * (0.97 + 0.06 * rng.next()) * 100) / 100
    cols.region[i] = `R${String(region + 1).padStart(2, '0')}`
    cols.country[i] = 'US'
    cols.churn[i] = yesNo(rng.next() < p)
  }
  const type = (c: string): CustomerColumn['type'] =>
    ['senior_citizen', 'tenure', 'paperless_billing'].includes(c)
      ? 'integer'
      : ['monthly_charges', 'total_charges'].includes(c)
        ? 'number'
        : 'text'
  return {
    columns: names.map((name) => ({ name, type: type(name), values: cols[name] })),
    truth,
    coefficients: { ...T }
  }
}

/** The table as CSV text (blanks as empty fields), for import tests and the bench. */
export function customersToCsv(t: CustomerTable): string {
  const n = t.columns[0]?.values.length ?? 0
  const field = (v: Cell) =>
    v === null ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
  const lines = [t.columns.map((c) => field(c.name)).join(',')]
  for (let i = 0; i < n; i++) lines.push(t.columns.map((c) => field(c.values[i])).join(','))
  return lines.join('\n') + '\n'
}
