/**
 * Display formatting only; every number shown is computed in the core. The formatters are the shared ones
 * (src/shared/format), so the page, the CLI, the CSV files and the report write a value the same way.
 */
export {
  fixed,
  formatBytes,
  formatNumber,
  grouped,
  int,
  mean,
  money,
  numberInterval,
  pct,
  priceDecimals,
  seconds,
  signedPct,
  signedPctInterval,
  signedShare
} from '../../shared/format/numbers'
