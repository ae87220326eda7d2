import { Alert, Box, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material'
import type { ApiErrorBody } from '../../../../shared/errors'

/** A file's problems, each at its line and column, as every import in the dialog shows them. */
export function ImportIssues({
  file,
  issues
}: {
  file: string
  issues: NonNullable<ApiErrorBody['issues']>
}) {
  return (
    <Box sx={{ mt: 2 }} data-testid="import-errors">
      <Alert severity="error" sx={{ mb: 1 }}>
        {issues.length === 1 ? 'One problem' : `${issues.length} problems`} in {file}. Nothing was imported:
        fix the file and try again.
      </Alert>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Line</TableCell>
            <TableCell>Column</TableCell>
            <TableCell>Problem</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {issues.slice(0, 20).map((i, k) => (
            <TableRow key={k}>
              <TableCell>{i.line}</TableCell>
              <TableCell>
                {i.column}
                {i.columnName ? ` (${i.columnName})` : ''}
              </TableCell>
              <TableCell>{i.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  )
}
