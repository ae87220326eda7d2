// The saved scenarios of the dataset: pick up to four to compare; edit, duplicate or delete each.
import { Box, Button, Checkbox, List, ListItem, ListItemIcon, ListItemText, Typography } from '@mui/material'
import type { ScenarioChange, ScenarioSpec } from '../../../../shared/pricing'
import { settingPct } from '../../format'

export function SavedScenarioList({
  saved,
  picked,
  onPicked,
  segment,
  onEdit,
  onDelete,
  compareCount,
  onCompare
}: {
  saved: ScenarioSpec[]
  picked: string[]
  onPicked(update: (p: string[]) => string[]): void
  segment: string
  onEdit(s: ScenarioSpec): void
  onDelete(name: string): void
  /** How many picked scenarios can be compared (picks of another dataset are not). */
  compareCount: number
  onCompare(): void
}) {
  return (
    <Box sx={{ width: 340 }}>
      <Typography variant="subtitle2">Saved scenarios (pick up to four)</Typography>
      {!saved.length && (
        <Typography variant="body2" color="text.secondary">
          None yet: edit one on the right and save it.
        </Typography>
      )}
      <List dense data-testid="scenario-list">
        {saved.map((s) => (
          <ListItem key={s.name} disableGutters sx={{ alignItems: 'flex-start' }}>
            <ListItemIcon sx={{ minWidth: 36 }}>
              <Checkbox
                size="small"
                checked={picked.includes(s.name)}
                disabled={!picked.includes(s.name) && picked.length >= 4}
                onChange={(e) =>
                  onPicked((p) => (e.target.checked ? [...p, s.name] : p.filter((x) => x !== s.name)))
                }
                slotProps={{ input: { 'aria-label': `compare ${s.name}` } }}
              />
            </ListItemIcon>
            <ListItemText
              primary={s.name}
              secondary={
                <>
                  {s.kind === 'changes' ? s.changes.map((c) => describe(c, segment)).join(', ') : s.kind}
                  <br />
                  <Button size="small" sx={{ minWidth: 0, px: 0.5 }} onClick={() => onEdit(s)}>
                    Edit
                  </Button>
                  <Button
                    size="small"
                    sx={{ minWidth: 0, px: 0.5 }}
                    onClick={() => onEdit({ ...s, name: `${s.name} (copy)` })}
                  >
                    Duplicate
                  </Button>
                  <Button
                    size="small"
                    color="error"
                    sx={{ minWidth: 0, px: 0.5 }}
                    onClick={() => onDelete(s.name)}
                  >
                    Delete
                  </Button>
                </>
              }
              slotProps={{ secondary: { component: 'div' } }}
            />
          </ListItem>
        ))}
      </List>
      <Button variant="contained" onClick={onCompare} disabled={!compareCount}>
        Compare {compareCount ? `(${compareCount})` : ''}
      </Button>
    </Box>
  )
}

function describe(c: ScenarioChange, segment: string): string {
  // The change the analyst typed, as typed ("+5%"): a setting, not a measured percent.
  const p = settingPct(c.change_pct)
  if (c.scope === 'all') return `every item ${p}`
  return `${c.scope === 'category' ? segment : c.scope} ${c.key}: ${p}`
}
