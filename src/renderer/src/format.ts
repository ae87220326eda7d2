/**
 * Display formatting only; every number shown is computed in the core. The formatters are the shared ones
 * (src/shared/format), so the page, the CLI, the CSV files and the report write a value the same way.
 */
export {
  count,
  fixed,
  formatBytes,
  formatNumber,
  grouped,
  int,
  megabytes,
  mean,
  money,
  numberInterval,
  pct,
  progress,
  pValue,
  priceDecimals,
  seconds,
  signed,
  significant,
  settingPct,
  signedPct,
  signedPctInterval,
  signedShare,
  upTo
} from '../../shared/format/numbers'
