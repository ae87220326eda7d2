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
