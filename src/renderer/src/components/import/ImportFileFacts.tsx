// The import dialog's header: what the file is (format, sheet or encoding, delimiter) and what it holds.
import { Box, Chip, FormControlLabel, MenuItem, Radio, RadioGroup, TextField } from '@mui/material'
import type { CsvPreview } from '../../../../shared/data/results'
import type { TextEncoding } from '../../../../shared/data'
import { ENCODING_LABEL, TEXT_ENCODINGS } from '../../../../shared/data'
import { count } from '../../format'

export type ImportKind = 'panel' | 'log'

const ENCODING_REASON: Record<string, string> = {
  bom: 'from the byte-order mark',
  'valid-utf8': 'detected',
  'invalid-utf8': 'detected: not UTF-8',
  'nul-bytes': 'detected',
  chosen: 'chosen'
}

export function ImportFileFacts({
  preview,
  kind,
  onKind,
  onSheet,
  onEncoding
}: {
  preview: CsvPreview
  /** A panel (one row per item × period, imported as it is) or sales lines aggregated into one. */
  kind: ImportKind
  onKind(kind: ImportKind): void
  onSheet(sheet: string): void
  onEncoding(encoding: TextEncoding): void
}) {
  return (
    <>
      <Box sx={{ display: 'flex', gap: 1, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <Chip
          size="small"
          color={preview.format === 'xlsx' ? 'primary' : 'default'}
          label={preview.format === 'xlsx' ? 'Excel workbook' : 'CSV text'}
          data-testid="import-format"
        />
        {preview.format === 'xlsx' ? (
          <SheetSelect preview={preview} onSheet={onSheet} />
        ) : (
          <>
            <EncodingSelect preview={preview} onEncoding={onEncoding} />
            <Chip
              size="small"
              label={`Delimiter: ${preview.delimiter === '\t' ? 'tab' : preview.delimiter}`}
            />
          </>
        )}
        <Chip size="small" label={`Decimal: ${preview.decimal}`} />
        <Chip size="small" label={`${preview.columns.length} columns`} />
        <Chip
          size="small"
          label={`Types inferred from ${count(preview.sampledRows)} rows${preview.truncated ? ' (sample)' : ''}`}
        />
      </Box>
      <RadioGroup
        row
        value={kind}
        onChange={(e) => onKind(e.target.value as ImportKind)}
        sx={{ mb: 1 }}
        aria-label="What the file holds"
      >
        <FormControlLabel
          value="panel"
          control={<Radio size="small" />}
          label="A table or panel (imported as it is)"
        />
        <FormControlLabel
          value="log"
          control={<Radio size="small" />}
          label="Sales lines (transaction log): aggregate to item × period"
          data-testid="import-kind-log"
        />
      </RadioGroup>
    </>
  )
}

function SheetSelect({ preview, onSheet }: { preview: CsvPreview; onSheet(sheet: string): void }) {
  return (
    <TextField
      select
      size="small"
      label="Sheet"
      value={preview.sheet ?? ''}
      onChange={(e) => onSheet(e.target.value)}
      sx={{ minWidth: 180 }}
      slotProps={{ htmlInput: { 'data-testid': 'import-sheet' } }}
    >
      {(preview.sheets ?? []).map((s) => (
        <MenuItem key={s} value={s}>
          {s}
        </MenuItem>
      ))}
    </TextField>
  )
}

function EncodingSelect({ preview, onEncoding }: { preview: CsvPreview; onEncoding(e: TextEncoding): void }) {
  return (
    <TextField
      select
      size="small"
      label="Encoding"
      value={preview.encoding.encoding}
      onChange={(e) => onEncoding(e.target.value as TextEncoding)}
      sx={{ minWidth: 220 }}
      helperText={ENCODING_REASON[preview.encoding.reason]}
      slotProps={{ htmlInput: { 'data-testid': 'import-encoding' } }}
    >
      {TEXT_ENCODINGS.map((enc) => (
        <MenuItem key={enc} value={enc}>
          {ENCODING_LABEL[enc]}
        </MenuItem>
      ))}
    </TextField>
  )
}
