import type { Ref } from 'react'

interface Props {
  ref: Ref<HTMLInputElement>
  /** The file types the picker offers (the input's accept attribute). */
  accept: string
  testId: string
  onFile(file: File | undefined): void
}

/**
 * The file picker behind an "Import…" button: hidden, opened by the button clicking `ref`. Cleared after each
 * choice, so choosing the same file again (after fixing it) is seen as a new choice.
 */
export function HiddenFileInput({ ref, accept, testId, onFile }: Props) {
  return (
    <input
      ref={ref}
      type="file"
      accept={accept}
      hidden
      data-testid={testId}
      onChange={(e) => {
        onFile(e.target.files?.[0])
        e.target.value = ''
      }}
    />
  )
}
