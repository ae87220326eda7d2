import { useRef, useState } from 'react'
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Link,
  Typography
} from '@mui/material'
import { usePriceLab } from '../../api/ClientContext'
import { useLoad } from '../../api/useLoad'

type Report = { html: string; dir: string; files: { name: string; fileId: string }[] }

/** The study report as the client will see it, its files, and printing to PDF (desktop) or the browser's print. */
export function ReportDialog({ runId, onClose }: { runId: number; onClose: () => void }) {
  const { client } = usePriceLab()
  const frame = useRef<HTMLIFrameElement>(null)
  const load = useLoad((): Promise<Report> => client.call('pipeline:report', { runId }), [client, runId])
  const report = load.data ?? null
  const [error, setError] = useState<string | null>(null)
  const shownError = error ?? load.error?.message ?? null
  const [printing, setPrinting] = useState(false)
  /** A real PDF: the desktop app prints with its own window; browser mode asks the backend's headless Chromium. */
  const savePdf = async () => {
    if (!report) return
    const html = report.files.find((f) => f.name === 'report.html')
    setPrinting(true)
    try {
      if (client.mode === 'electron' && html) await client.printPdf(html.fileId, 'report.pdf')
      else {
        const pdf = await client.call('pipeline:pdf', { runId })
        await client.saveFile(pdf.fileId, `study-report-run${runId}.pdf`)
      }
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setPrinting(false)
    }
  }
  const print = () => frame.current?.contentWindow?.print()
  return (
    <Dialog open onClose={onClose} maxWidth="lg" fullWidth>
      <DialogTitle>Study report (run {runId})</DialogTitle>
      <DialogContent dividers>
        {shownError && <Alert severity="error">{shownError}</Alert>}
        {report && (
          <>
            <Typography variant="body2" color="text.secondary" gutterBottom>
              Folder: {report.dir} ·{' '}
              {report.files.map((f, k) => (
                <span key={f.fileId}>
                  {k > 0 && ' · '}
                  <Link component="button" onClick={() => client.saveFile(f.fileId, f.name)}>
                    {f.name}
                  </Link>
                </span>
              ))}
            </Typography>
            <Box
              component="iframe"
              ref={frame}
              title="Study report"
              data-testid="report-frame"
              // Static HTML with no script: same-origin only so the page can ask it to print.
              sandbox="allow-same-origin allow-modals"
              srcDoc={report.html}
              sx={{ width: '100%', height: '70vh', border: 0, bgcolor: 'white' }}
            />
          </>
        )}
      </DialogContent>
      <DialogActions>
        {client.mode !== 'electron' && (
          <Button onClick={print} disabled={!report}>
            Print
          </Button>
        )}
        <Button onClick={savePdf} disabled={!report || printing} data-testid="save-pdf">
          {printing ? 'Printing…' : 'Save as PDF'}
        </Button>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  )
}
