import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useState,
  type ReactNode
} from 'react'
import { Typography } from '@mui/material'

/** One field's complaint, already in its own terms ("Max decrease must be between 0 % and 99 %"). */
export interface FieldProblem {
  label: string
  message: string
}

/**
 * The invalid fields of one form. Fields inside a FormValidityScope report
 * themselves; the form's action button is disabled while `valid` is false, so
 * text typed in a number field never lets the action run with the old value.
 */
export interface FormValidity {
  valid: boolean
  problems: FieldProblem[]
  /** The first problem as a sentence, for a button's reason line; null when valid. */
  reason: string | null
  report: (id: string, problem: FieldProblem | null) => void
}

const Context = createContext<FormValidity | null>(null)

export function useFormValidity(): FormValidity {
  const [byId, setById] = useState<Record<string, FieldProblem>>({})
  const report = useCallback((id: string, problem: FieldProblem | null) => {
    setById((cur) => {
      const old = cur[id]
      if (!problem) {
        if (!old) return cur
        const next = { ...cur }
        delete next[id]
        return next
      }
      if (old && old.message === problem.message && old.label === problem.label) return cur
      return { ...cur, [id]: problem }
    })
  }, [])
  return useMemo(() => {
    const problems = Object.values(byId)
    return {
      valid: problems.length === 0,
      problems,
      reason: problems.length ? problems.map((p) => p.message).join('; ') : null,
      report
    }
  }, [byId, report])
}

/** The fields inside report to `value` (a nested scope takes its own fields). */
export function FormValidityScope({ value, children }: { value: FormValidity; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>
}

/** Used by a field: reports its problem (or none) to the enclosing form while it is mounted. */
export function useReportProblem(problem: FieldProblem | null): void {
  const report = useContext(Context)?.report
  const id = useId()
  const label = problem?.label
  const message = problem?.message
  useEffect(() => {
    report?.(id, label !== undefined && message !== undefined ? { label, message } : null)
  }, [report, id, label, message])
  // Unmounted (e.g. a field hidden by a switch): it no longer blocks the form.
  useEffect(() => () => report?.(id, null), [report, id])
}

/** The line under an action button saying why it is disabled; nothing while the form is valid. */
export function InvalidReason({ validity, testId }: { validity: FormValidity; testId?: string }) {
  if (validity.valid) return null
  return (
    <Typography
      variant="body2"
      color="error"
      data-testid={testId ?? 'invalid-reason'}
      role="alert"
      sx={{ my: 1 }}
    >
      Fix first: {validity.reason}
    </Typography>
  )
}
