import { Alert, Box, Typography } from '@mui/material'
import { useDataset } from '../data/DatasetContext'

/**
 * The app bar's dataset is a table without price and quantity (e.g. customers): a page that models or prices
 * sales says so and where to choose, instead of keeping a dataset choice of its own.
 */
export function NotSalesData({ title, action }: { title: string; action: string }) {
  const { dataset } = useDataset()
  return (
    <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="h5">{title}</Typography>
      <Alert severity="info" data-testid="not-sales-data">
        {dataset} has no price and quantity columns (a table such as customers): choose a sales dataset in the
        Dataset menu at the top to {action}.
      </Alert>
    </Box>
  )
}

/** True when the app bar holds a dataset that cannot be priced (its list is read and it is not among them). */
export function useNotSales(): boolean {
  const { loaded, dataset, current } = useDataset()
  return loaded && !!dataset && !current
}
