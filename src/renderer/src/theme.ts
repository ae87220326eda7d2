import { createTheme, type Theme } from '@mui/material/styles'

/** Light and dark themes, chosen from the OS preference. */
export function makeTheme(mode: 'light' | 'dark'): Theme {
  return createTheme({
    palette: {
      mode,
      primary: { main: mode === 'light' ? '#2457c5' : '#7aa2ff' },
      secondary: { main: mode === 'light' ? '#0f8b6c' : '#4fd1a5' },
      background:
        mode === 'light' ? { default: '#f4f6fa', paper: '#ffffff' } : { default: '#0f1420', paper: '#161c2b' }
    },
    shape: { borderRadius: 8 },
    typography: {
      fontFamily: '"Inter", "Segoe UI", "Helvetica Neue", Arial, sans-serif',
      h5: { fontWeight: 600 },
      h6: { fontWeight: 600 }
    },
    components: {
      MuiButton: {
        defaultProps: { disableElevation: true },
        styleOverrides: { root: { textTransform: 'none', fontWeight: 600 } }
      },
      MuiPaper: { defaultProps: { elevation: 0 }, styleOverrides: { root: { backgroundImage: 'none' } } },
      MuiCard: {
        styleOverrides: { root: { border: `1px solid ${mode === 'light' ? '#e3e7ef' : '#263046'}` } }
      }
    }
  })
}
