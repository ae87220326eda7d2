// The roles no chosen column has, each with what its absence means for the models.
import { Box, Typography } from '@mui/material'
import type { missingRoles } from '../../../../shared/data/roles'

export function MissingRoles({ missing }: { missing: ReturnType<typeof missingRoles> }) {
  if (missing.length === 0) return null
  return (
    <Box sx={{ mt: 2 }} data-testid="import-missing-roles">
      <Typography variant="subtitle2" gutterBottom>
        Roles no column has, and what that means
      </Typography>
      {missing.map(({ role, info }) => (
        <Typography
          key={role}
          variant="body2"
          color={info.required ? 'warning.main' : 'text.secondary'}
          sx={{ mb: 0.25 }}
        >
          <b>No {info.label.toLowerCase()}</b>: {info.whenMissing}.
        </Typography>
      ))}
    </Box>
  )
}
