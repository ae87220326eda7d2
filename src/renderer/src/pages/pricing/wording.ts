/**
 * The words of the pricing pages for the dataset being priced: the EdTech sample
 * has categories, an imported panel has whatever its segment column is (a brand,
 * a region), and a dataset without one has none: "segment" then.
 */
export function segmentWord(segmentColumn: string | null, edtechSample: boolean): string {
  if (edtechSample) return 'category'
  if (!segmentColumn) return 'segment'
  return segmentColumn.replace(/[_-]+/g, ' ').trim().toLowerCase() || 'segment'
}

/** A binding rule as the page shows it: "category average" is the dataset's segment's ("brand average"). */
export function bindingLabel(binding: string, segment: string): string {
  return binding === 'category_average' ? `${segment} average` : binding.replace(/_/g, ' ')
}
