import { Box, Button, Card, CardContent, Typography } from '@mui/material'
import { usePriceLab } from '../api/ClientContext'

/** Pages whose models have not landed yet say so plainly, and point at the data they will use. */
export function ComingPage({
  title,
  blurb,
  onGoToData
}: {
  title: string
  blurb: string
  onGoToData: () => void
}) {
  const { project } = usePriceLab()
  return (
    <Box sx={{ p: 3, maxWidth: 760 }}>
      <Typography variant="h5" gutterBottom>
        {title}
      </Typography>
      <Card>
        <CardContent>
          <Typography variant="subtitle1" gutterBottom sx={{ fontWeight: 600 }}>
            Not available in this version yet
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {blurb}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {project?.sample
              ? `Your project "${project.name}" already holds the sample data (seed ${project.sample.seed}) this page will train on.`
              : 'Import your data or generate the sample data set on the Data page first.'}
          </Typography>
          <Button variant="outlined" onClick={onGoToData}>
            Go to Data
          </Button>
        </CardContent>
      </Card>
    </Box>
  )
}
