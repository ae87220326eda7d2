/**
 * What the main thread ran in the long stretches the loop probe saw (`bench/loop-probe.ts`, `keepOverMs`):
 * `node --import tsx bench/profile-stretches.ts PROFILE.cpuprofile PROBE.json` where the profile is the main
 * thread's `--cpu-prof` output of the same process (the probe's stretch ends are on the profile's clock) and
 * PROBE.json the line the probe fixture printed. For each stretch, the CPU samples inside it grouped by the
 * innermost frames of the project's own code (`/src/`, DEPTH of them, 4th argument, default 1) and by the function on top of the stack, with milliseconds.
 */
import { readFileSync } from 'node:fs'

interface Frame {
  functionName: string
  url: string
  lineNumber: number
}
interface ProfileNode {
  id: number
  callFrame: Frame
  parent?: number
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  startTime: number
  samples: number[]
  timeDeltas: number[]
}
interface Stretch {
  endUs: number
  gapMs: number
  busyMs: number | null
}

const label = (f: Frame) =>
  `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${f.lineNumber + 1}`

function stackOf(nodes: Map<number, ProfileNode>, id: number): Frame[] {
  const out: Frame[] = []
  for (let n = nodes.get(id); n; n = n.parent === undefined ? undefined : nodes.get(n.parent))
    out.push(n.callFrame)
  return out
}

function top(counts: Map<string, number>, n: number): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, n)
}

export function stretchCauses(profile: Profile, stretches: Stretch[], depth = 1): unknown[] {
  const nodes = new Map<number, ProfileNode>()
  for (const n of profile.nodes) nodes.set(n.id, n)
  for (const n of profile.nodes) for (const c of n.children ?? []) (nodes.get(c) as ProfileNode).parent = n.id
  const times: number[] = []
  let t = profile.startTime
  for (const d of profile.timeDeltas) times.push((t += d))
  const period = [...profile.timeDeltas].sort((a, b) => a - b)[profile.timeDeltas.length >> 1]
  return stretches.map((s) => {
    const from = s.endUs - (s.gapMs + 2) * 1000
    let samples = 0
    const own = new Map<string, number>()
    const self = new Map<string, number>()
    for (let i = 0; i < times.length - 1; i++) {
      if (times[i] < from || times[i] > s.endUs) continue
      const stack = stackOf(nodes, profile.samples[i])
      if (stack[0].functionName === '(idle)') continue
      samples++
      const ms = (times[i + 1] - times[i]) / 1000
      const mine = stack.filter((f) => f.url.includes('/src/')).slice(0, depth)
      const k = mine.length ? mine.map((f) => f.functionName || '(anonymous)').join(' < ') : label(stack[0])
      own.set(k, (own.get(k) ?? 0) + ms)
      self.set(label(stack[0]), (self.get(label(stack[0])) ?? 0) + ms)
    }
    const fmt = (xs: [string, number][]) => xs.map(([k, ms]) => `${ms.toFixed(1)} ms ${k}`)
    // Samples are taken only while the thread runs: their count times the sampling period is the CPU time
    // the profile saw, which neither waits for a core nor a stalled virtual CPU inflate.
    return {
      ...s,
      sampled_cpu_ms: Math.round(samples * period) / 1000,
      by_project_frame: fmt(top(own, 6)),
      by_top_of_stack: fmt(top(self, 6))
    }
  })
}

if (process.argv[1]?.endsWith('profile-stretches.ts')) {
  const profile = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Profile
  const probe = JSON.parse(readFileSync(process.argv[3], 'utf8').trim().split('\n').at(-1) as string) as {
    loop: { stretches: Stretch[] }
  }
  console.log(
    JSON.stringify(stretchCauses(profile, probe.loop.stretches, Number(process.argv[4] ?? 1)), null, 1)
  )
}
