;; The two hot loops of the histogram tree learner (src/core/ml/tree.ts), hand-written because V8's code
;; for them measured 2.5x slower (bounds checks on every typed-array access). Compiled to
;; tree-kernels-wasm.ts by `npm run wasm` (scripts/build-wasm.cjs); a test checks the two agree.
;; All arguments are byte offsets into the module's memory, which src/core/ml/kernels.ts lays out.
(module
  ;; Made by the caller at the fit's size: growing it would detach the old buffer, and one detached
  ;; ArrayBuffer makes V8 check every typed-array access in the process for detachment from then on.
  ;; Shared (a SharedArrayBuffer): a helper thread instantiates the module on the same memory and builds half
  ;; of a large node's histogram (src/core/ml/hist-threads.ts). 32768 pages = 2 GB, kernels.ts's ceiling.
  (import "env" "memory" (memory 1 32768 shared))

  ;; For list positions k in [start, end): h[2*(f*256 + code)] += g_k, h[2*(f*256 + code) + 1] += 1 for every
  ;; feature f in [f0, f1), after zeroing those features' bins (the rest of h is not touched). The codes of
  ;; position k are at codes + k*stride (a row's codes side by side), its gradient g_k (f32) at og + k*ogstride:
  ;; the row list's own record of its row (its codes, its gradient in the record's last 4 bytes), moved with it
  ;; by every split, or for a root holding every row in order the design's row-major codes (stride F) and the
  ;; gradients in row order (ogstride 4). So a node's codes and gradients are read front to
  ;; back however scattered its rows: a deep node's rows no longer cost a cache miss each (one level of 16
  ;; nodes' splits and smaller children, 586k rows: 7.7-7.9 ms -> 2.3-2.4 ms against reading codes by row).
  ;; A row's updates hit different features: no chain of dependent stores on one hot bin, which a
  ;; feature-by-feature loop suffers on few-valued features.
  ;; A bin's (sum, count) pair is one f64x2 add of (g, 1): the same two additions as two f64 adds, one load and
  ;; one store instead of two each (586k rows, all features: 5.4-5.5 ms -> 4.6-4.7 ms; same bytes). Features go
  ;; eight at a time, then four, two, one, each at a constant offset from the row's codes and the histogram (so
  ;; a feature's address costs one shift and one add): 586k rows x 11 features 4.39 -> 3.53 ms (median of 40),
  ;; a deep node's scattered rows 6.7 -> 4.9 ms, against features in pairs; same bytes.
  (func (export "hist") (param $codes i32) (param $stride i32) (param $og i32) (param $ogstride i32)
        (param $start i32) (param $end i32) (param $h i32) (param $f0 i32) (param $f1 i32)
    (local $k i32) (local $row i32) (local $gk i32) (local $gv v128) (local $cp i32) (local $hp i32) (local $hp0 i32)
    (local $left i32) (local $a i32)
    (block $none
      (br_if $none (i32.ge_u (local.get $f0) (local.get $f1)))
      ;; 4096 bytes a feature: 256 bins of two doubles.
      (local.set $hp0 (i32.add (local.get $h) (i32.shl (local.get $f0) (i32.const 12))))
      (memory.fill (local.get $hp0) (i32.const 0) (i32.shl (i32.sub (local.get $f1) (local.get $f0)) (i32.const 12)))
      (br_if $none (i32.ge_u (local.get $start) (local.get $end)))
      (local.set $k (local.get $start))
      (local.set $row (i32.add (i32.add (local.get $codes) (i32.mul (local.get $start) (local.get $stride))) (local.get $f0)))
      (local.set $gk (i32.add (local.get $og) (i32.mul (local.get $start) (local.get $ogstride))))
      (loop $rowloop
        (local.set $gv (f64x2.replace_lane 0 (v128.const f64x2 0 1) (f64.promote_f32 (f32.load (local.get $gk)))))
        (local.set $cp (local.get $row))
        (local.set $hp (local.get $hp0))
        ;; Features left to add: eight a step, then four, two, one (F = 11: one step of eight, a two and a one).
        (local.set $left (i32.sub (local.get $f1) (local.get $f0)))
        (block $eights_done
          (br_if $eights_done (i32.lt_u (local.get $left) (i32.const 8)))
          (loop $eight
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u (local.get $cp)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u offset=1 (local.get $cp)) (i32.const 4))))
            (v128.store offset=4096 (local.get $a) (f64x2.add (v128.load offset=4096 (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u offset=2 (local.get $cp)) (i32.const 4))))
            (v128.store offset=8192 (local.get $a) (f64x2.add (v128.load offset=8192 (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u offset=3 (local.get $cp)) (i32.const 4))))
            (v128.store offset=12288 (local.get $a) (f64x2.add (v128.load offset=12288 (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u offset=4 (local.get $cp)) (i32.const 4))))
            (v128.store offset=16384 (local.get $a) (f64x2.add (v128.load offset=16384 (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u offset=5 (local.get $cp)) (i32.const 4))))
            (v128.store offset=20480 (local.get $a) (f64x2.add (v128.load offset=20480 (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u offset=6 (local.get $cp)) (i32.const 4))))
            (v128.store offset=24576 (local.get $a) (f64x2.add (v128.load offset=24576 (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u offset=7 (local.get $cp)) (i32.const 4))))
            (v128.store offset=28672 (local.get $a) (f64x2.add (v128.load offset=28672 (local.get $a)) (local.get $gv)))
            (local.set $left (i32.sub (local.get $left) (i32.const 8)))
            (local.set $cp (i32.add (local.get $cp) (i32.const 8)))
            (local.set $hp (i32.add (local.get $hp) (i32.const 32768)))
            (br_if $eight (i32.ge_u (local.get $left) (i32.const 8)))))
        (block $four
          (br_if $four (i32.lt_u (local.get $left) (i32.const 4)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u (local.get $cp)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u offset=1 (local.get $cp)) (i32.const 4))))
            (v128.store offset=4096 (local.get $a) (f64x2.add (v128.load offset=4096 (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u offset=2 (local.get $cp)) (i32.const 4))))
            (v128.store offset=8192 (local.get $a) (f64x2.add (v128.load offset=8192 (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u offset=3 (local.get $cp)) (i32.const 4))))
            (v128.store offset=12288 (local.get $a) (f64x2.add (v128.load offset=12288 (local.get $a)) (local.get $gv)))
            (local.set $left (i32.sub (local.get $left) (i32.const 4)))
            (local.set $cp (i32.add (local.get $cp) (i32.const 4)))
            (local.set $hp (i32.add (local.get $hp) (i32.const 16384))))
        (block $two
          (br_if $two (i32.lt_u (local.get $left) (i32.const 2)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u (local.get $cp)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gv)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u offset=1 (local.get $cp)) (i32.const 4))))
            (v128.store offset=4096 (local.get $a) (f64x2.add (v128.load offset=4096 (local.get $a)) (local.get $gv)))
            (local.set $left (i32.sub (local.get $left) (i32.const 2)))
            (local.set $cp (i32.add (local.get $cp) (i32.const 2)))
            (local.set $hp (i32.add (local.get $hp) (i32.const 8192))))
        (block $one
          (br_if $one (i32.lt_u (local.get $left) (i32.const 1)))
            (local.set $a (i32.add (local.get $hp) (i32.shl (i32.load8_u (local.get $cp)) (i32.const 4))))
            (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (local.get $gv)))
            (local.set $left (i32.sub (local.get $left) (i32.const 1)))
            (local.set $cp (i32.add (local.get $cp) (i32.const 1)))
            (local.set $hp (i32.add (local.get $hp) (i32.const 4096))))
        (local.set $row (i32.add (local.get $row) (local.get $stride)))
        (local.set $gk (i32.add (local.get $gk) (local.get $ogstride)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $rowloop (i32.lt_u (local.get $k) (local.get $end))))))

  ;; A row list's records for positions k in [start, end): the cstride bytes (a multiple of 16, at least F + 4)
  ;; at dc + k*cstride from row rows[k]'s codes at bins + rows[k]*F, its gradient grad[rows[k]] in the last 4
  ;; (the bytes between are the next rows' codes: never read as this row's; kernels.ts pads the memory past the
  ;; codes so the last row's copy stays inside it).
  (func (export "gathercodes") (param $bins i32) (param $F i32) (param $rows i32) (param $grad i32) (param $dc i32)
        (param $cstride i32) (param $start i32) (param $end i32)
    (local $k i32) (local $r i32) (local $src i32) (local $dst i32) (local $j i32)
    (local.set $k (local.get $start))
    (block $done
      (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
      (loop $row
        (local.set $r (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $src (i32.add (local.get $bins) (i32.mul (local.get $r) (local.get $F))))
        (local.set $dst (i32.add (local.get $dc) (i32.mul (local.get $k) (local.get $cstride))))
        (local.set $j (i32.const 0))
        (loop $block
          (v128.store (i32.add (local.get $dst) (local.get $j)) (v128.load (i32.add (local.get $src) (local.get $j))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $block (i32.lt_u (local.get $j) (local.get $cstride))))
        (i32.store (i32.sub (i32.add (local.get $dst) (local.get $cstride)) (i32.const 4))
          (i32.load (i32.add (local.get $grad) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $row (i32.lt_u (local.get $k) (local.get $end))))))

  ;; Binning (src/core/ml/binning.ts's binOf, the same lower bound): for rows i < m of a block of X (row-major
  ;; f64, F columns) and every feature f, code = the number of the feature's edges below x (NaN compares false
  ;; and gets 0). edges_f: 256 ascending doubles at edges + 2048 f, padded with +infinity past the ones binOf
  ;; searches, so the count takes eight fixed halving steps (no branch; rows overlap in the pipeline).
  ;; Written row-major at bins[(row0 + i)*F + f] (the arena keeps no column-major copy: its splits read the row
  ;; lists' records). In JavaScript this
  ;; loop was a fifth of a warm fit and most of a fresh process's first one (cold code boxing every double).
  (func (export "bin") (param $x i32) (param $F i32) (param $m i32) (param $edges i32)
        (param $bins i32) (param $row0 i32)
    (local $f i32) (local $i i32) (local $v f64) (local $th i32) (local $src i32)
    (local $row i32) (local $p i32)
    (block $features_done
      (br_if $features_done (i32.eqz (local.get $F)))
      (br_if $features_done (i32.eqz (local.get $m)))
      (loop $feature
        (local.set $th (i32.add (local.get $edges) (i32.shl (local.get $f) (i32.const 11))))
        (local.set $src (i32.add (local.get $x) (i32.shl (local.get $f) (i32.const 3))))
        (local.set $row (i32.add (local.get $bins)
          (i32.add (i32.mul (local.get $row0) (local.get $F)) (local.get $f))))
        (local.set $i (i32.const 0))
        (loop $rowloop
          (local.set $v (f64.load (local.get $src)))
          ;; $p: byte offset of the count so far (8 per edge below x).
          (local.set $p (i32.const 0))
          (local.set $p (select (i32.add (local.get $p) (i32.const 1024)) (local.get $p)
            (f64.lt (f64.load offset=1016 (i32.add (local.get $th) (local.get $p))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 512)) (local.get $p)
            (f64.lt (f64.load offset=504 (i32.add (local.get $th) (local.get $p))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 256)) (local.get $p)
            (f64.lt (f64.load offset=248 (i32.add (local.get $th) (local.get $p))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 128)) (local.get $p)
            (f64.lt (f64.load offset=120 (i32.add (local.get $th) (local.get $p))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 64)) (local.get $p)
            (f64.lt (f64.load offset=56 (i32.add (local.get $th) (local.get $p))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 32)) (local.get $p)
            (f64.lt (f64.load offset=24 (i32.add (local.get $th) (local.get $p))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 16)) (local.get $p)
            (f64.lt (f64.load offset=8 (i32.add (local.get $th) (local.get $p))) (local.get $v))))
          (local.set $p (select (i32.add (local.get $p) (i32.const 8)) (local.get $p)
            (f64.lt (f64.load offset=0 (i32.add (local.get $th) (local.get $p))) (local.get $v))))
          (i32.store8 (local.get $row) (i32.shr_u (local.get $p) (i32.const 3)))
          (local.set $src (i32.add (local.get $src) (i32.shl (local.get $F) (i32.const 3))))
          (local.set $row (i32.add (local.get $row) (local.get $F)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $rowloop (i32.lt_u (local.get $i) (local.get $m))))
        (local.set $f (i32.add (local.get $f) (i32.const 1)))
        (br_if $feature (i32.lt_u (local.get $f) (local.get $F))))))

;; A node's rows split out of place, from one row list to the other, for source positions [s, e): a row
  ;; whose code of feature f <= bin goes to the left cursor, others to the right cursor, with its record. The
  ;; source's records: codes at sc (sstride bytes a position), gradients at sg (sgstride bytes a position: the
  ;; record's own last 4 bytes, or the gradients in row order for a root holding every row in order); the
  ;; destination's: cstride bytes a position at dc (the codes, then the gradient in the last 4), rows at dst.
  ;; The cursors (positions in dst, u32) are read from and written back to cur and cur + 4.
  ;; "split" walks forward (cursors advance), "splitback" backward (cursors retreat before each write): two
  ;; threads take a node's blocks from its two ends, each writing only slots of its own (kernels.ts).
  ;; One write a row, at a select-ed position: a write to the other side's slot could land in the other thread's.
  ;; Gradients move as i32 (their bits, whatever they are).
  (func (export "split") (param $f i32) (param $sc i32) (param $sstride i32) (param $sg i32) (param $sgstride i32)
        (param $src i32) (param $dc i32) (param $cstride i32) (param $dst i32)
        (param $s i32) (param $e i32) (param $bin i32) (param $cur i32)
    (local $k i32) (local $l i32) (local $rr i32) (local $right i32) (local $p i32) (local $scp i32) (local $sgp i32)
    (local $dcp i32) (local $j i32)
    (local.set $l (i32.load (local.get $cur)))
    (local.set $rr (i32.load offset=4 (local.get $cur)))
    (local.set $k (local.get $s))
    (local.set $scp (i32.add (local.get $sc) (i32.mul (local.get $s) (local.get $sstride))))
    (local.set $sgp (i32.add (local.get $sg) (i32.mul (local.get $s) (local.get $sgstride))))
    (block $done
      (br_if $done (i32.ge_u (local.get $k) (local.get $e)))
      (loop $row
        (local.set $right (i32.gt_u (i32.load8_u (i32.add (local.get $scp) (local.get $f))) (local.get $bin)))
        (local.set $p (select (local.get $rr) (local.get $l) (local.get $right)))
        (i32.store (i32.add (local.get $dst) (i32.shl (local.get $p) (i32.const 2)))
          (i32.load (i32.add (local.get $src) (i32.shl (local.get $k) (i32.const 2)))))
        ;; One record of 16 bytes (F <= 12) in one move, the gradient put in its last lane; more in a loop.
        (if (i32.eq (local.get $cstride) (i32.const 16))
          (then
            (v128.store (i32.add (local.get $dc) (i32.shl (local.get $p) (i32.const 4)))
              (i32x4.replace_lane 3 (v128.load (local.get $scp)) (i32.load (local.get $sgp)))))
          (else
            (local.set $dcp (i32.add (local.get $dc) (i32.mul (local.get $p) (local.get $cstride))))
            (local.set $j (i32.const 0))
            (loop $block
              (v128.store (i32.add (local.get $dcp) (local.get $j)) (v128.load (i32.add (local.get $scp) (local.get $j))))
              (local.set $j (i32.add (local.get $j) (i32.const 16)))
              (br_if $block (i32.lt_u (local.get $j) (local.get $cstride))))
            (i32.store (i32.sub (i32.add (local.get $dcp) (local.get $cstride)) (i32.const 4)) (i32.load (local.get $sgp)))))
        (local.set $l (i32.add (local.get $l) (i32.xor (local.get $right) (i32.const 1))))
        (local.set $rr (i32.add (local.get $rr) (local.get $right)))
        (local.set $scp (i32.add (local.get $scp) (local.get $sstride)))
        (local.set $sgp (i32.add (local.get $sgp) (local.get $sgstride)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $row (i32.lt_u (local.get $k) (local.get $e)))))
    (i32.store (local.get $cur) (local.get $l))
    (i32.store offset=4 (local.get $cur) (local.get $rr)))

  (func (export "splitback") (param $f i32) (param $sc i32) (param $sstride i32) (param $sg i32) (param $sgstride i32)
        (param $src i32) (param $dc i32) (param $cstride i32) (param $dst i32)
        (param $s i32) (param $e i32) (param $bin i32) (param $cur i32)
    (local $k i32) (local $l i32) (local $rr i32) (local $right i32) (local $p i32) (local $scp i32) (local $sgp i32)
    (local $dcp i32) (local $j i32)
    (local.set $l (i32.load (local.get $cur)))
    (local.set $rr (i32.load offset=4 (local.get $cur)))
    (local.set $k (local.get $e))
    (local.set $scp (i32.add (local.get $sc) (i32.mul (local.get $e) (local.get $sstride))))
    (local.set $sgp (i32.add (local.get $sg) (i32.mul (local.get $e) (local.get $sgstride))))
    (block $done
      (br_if $done (i32.le_u (local.get $k) (local.get $s)))
      (loop $row
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (local.set $scp (i32.sub (local.get $scp) (local.get $sstride)))
        (local.set $sgp (i32.sub (local.get $sgp) (local.get $sgstride)))
        (local.set $right (i32.gt_u (i32.load8_u (i32.add (local.get $scp) (local.get $f))) (local.get $bin)))
        (local.set $l (i32.sub (local.get $l) (i32.xor (local.get $right) (i32.const 1))))
        (local.set $rr (i32.sub (local.get $rr) (local.get $right)))
        (local.set $p (select (local.get $rr) (local.get $l) (local.get $right)))
        (i32.store (i32.add (local.get $dst) (i32.shl (local.get $p) (i32.const 2)))
          (i32.load (i32.add (local.get $src) (i32.shl (local.get $k) (i32.const 2)))))
        ;; One record of 16 bytes (F <= 12) in one move, the gradient put in its last lane; more in a loop.
        (if (i32.eq (local.get $cstride) (i32.const 16))
          (then
            (v128.store (i32.add (local.get $dc) (i32.shl (local.get $p) (i32.const 4)))
              (i32x4.replace_lane 3 (v128.load (local.get $scp)) (i32.load (local.get $sgp)))))
          (else
            (local.set $dcp (i32.add (local.get $dc) (i32.mul (local.get $p) (local.get $cstride))))
            (local.set $j (i32.const 0))
            (loop $block
              (v128.store (i32.add (local.get $dcp) (local.get $j)) (v128.load (i32.add (local.get $scp) (local.get $j))))
              (local.set $j (i32.add (local.get $j) (i32.const 16)))
              (br_if $block (i32.lt_u (local.get $j) (local.get $cstride))))
            (i32.store (i32.sub (i32.add (local.get $dcp) (local.get $cstride)) (i32.const 4)) (i32.load (local.get $sgp)))))
        (br_if $row (i32.gt_u (local.get $k) (local.get $s)))))
    (i32.store (local.get $cur) (local.get $l))
    (i32.store offset=4 (local.get $cur) (local.get $rr)))

  ;; dst[i] += src[i] for the n doubles of two histograms (a large node's chunk sums added in chunk order).
  (func (export "addh") (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (loop $next
        (f64.store (local.get $dst) (f64.add (f64.load (local.get $dst)) (f64.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (local.set $src (i32.add (local.get $src) (i32.const 8)))
        (br_if $next (i32.lt_u (local.get $dst) (local.get $end))))))

;; dst[i] -= src[i] for n doubles: a parent's histogram minus its smaller child's, the larger child's (tree.ts);
  ;; the same subtractions as the JavaScript loop (the same bits), in 3.8 µs for 11 features against its 8-16.
  (func (export "subh") (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (loop $next
        (f64.store (local.get $dst) (f64.sub (f64.load (local.get $dst)) (f64.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (local.set $src (i32.add (local.get $src) (i32.const 8)))
        (br_if $next (i32.lt_u (local.get $dst) (local.get $end))))))

;; Boosting's leaf of each row after a tree, for positions k in [k0, k1) of the row lists. The tree's leaves are
  ;; listed as ne entries of 32 bytes at $leaves: positions [start, end), the address col of position 0's code of
  ;; the split feature in the list's records, list << 31 | bin << 16 | j, and the records' stride (u32 each);
  ;; list 1 when the leaf's rows are in the second row list ($rows2: a split moves a node's children to the other
  ;; list). With col 0 every row of the range is in leaf j; else the range is a last-level node left
  ;; unpartitioned, whose rows are in leaf j when their code (at col + k*stride, read front to back) <= bin, else
  ;; in leaf j + 1.
  (func (export "mark") (param $rows i32) (param $rows2 i32) (param $leaves i32) (param $ne i32) (param $leafOf i32)
        (param $k0 i32) (param $k1 i32)
    (local $e i32) (local $s i32) (local $end i32) (local $k i32) (local $end2 i32) (local $q i32)
    (local $col i32) (local $j i32) (local $bin i32) (local $r i32) (local $list i32) (local $stride i32) (local $cp i32)
    (block $leaves_done
      (br_if $leaves_done (i32.eqz (local.get $ne)))
      (loop $leaf
        (local.set $q (i32.add (local.get $leaves) (i32.shl (local.get $e) (i32.const 5))))
        (local.set $s (i32.load (local.get $q)))
        (local.set $end (i32.load offset=4 (local.get $q)))
        (local.set $col (i32.load offset=8 (local.get $q)))
        (local.set $stride (i32.load offset=16 (local.get $q)))
        (local.set $j (i32.and (i32.load offset=12 (local.get $q)) (i32.const 0xffff)))
        (local.set $bin (i32.and (i32.shr_u (i32.load offset=12 (local.get $q)) (i32.const 16)) (i32.const 0xff)))
        (local.set $list (select (local.get $rows2) (local.get $rows)
          (i32.shr_u (i32.load offset=12 (local.get $q)) (i32.const 31))))
        (local.set $s (select (local.get $s) (local.get $k0) (i32.gt_u (local.get $s) (local.get $k0))))
        (local.set $end (select (local.get $end) (local.get $k1) (i32.lt_u (local.get $end) (local.get $k1))))
        (local.set $k (i32.add (local.get $list) (i32.shl (local.get $s) (i32.const 2))))
        (local.set $end2 (i32.add (local.get $list) (i32.shl (local.get $end) (i32.const 2))))
        (block $rows_done
          (br_if $rows_done (i32.ge_u (local.get $k) (local.get $end2)))
          (if (i32.eqz (local.get $col))
            (then
              (loop $row
                (i32.store16 (i32.add (local.get $leafOf) (i32.shl (i32.load (local.get $k)) (i32.const 1)))
                  (local.get $j))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br_if $row (i32.lt_u (local.get $k) (local.get $end2)))))
            (else
              (local.set $cp (i32.add (local.get $col) (i32.mul (local.get $s) (local.get $stride))))
              (loop $splitrow
                (local.set $r (i32.load (local.get $k)))
                (i32.store16 (i32.add (local.get $leafOf) (i32.shl (local.get $r) (i32.const 1)))
                  (i32.add (local.get $j)
                    (i32.gt_u (i32.load8_u (local.get $cp)) (local.get $bin))))
                (local.set $cp (i32.add (local.get $cp) (local.get $stride)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br_if $splitrow (i32.lt_u (local.get $k) (local.get $end2)))))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br_if $leaf (i32.lt_u (local.get $e) (local.get $ne))))))

  ;; Boosting's step between two trees, rows i in [i0, i1): pred[i] += vals[leafOf[i]] (f64; the leaf's value
  ;; times the learning rate), rows[i] = i (the next tree's root holds every row in order, and reads these
  ;; gradients in row order), and with $squared the squared loss's gradient grad[i] = f32(pred[i] - y[i]). Returns the sum of those gradients in row order (f64 of each f32, as the
  ;; tree learner sums a node): the next root's gradient sum over the range.
  (func (export "step") (param $leafOf i32) (param $vals i32) (param $pred i32) (param $y i32) (param $grad i32)
        (param $rows i32) (param $i0 i32) (param $i1 i32) (param $squared i32) (result f64)
    (local $i i32) (local $p f64) (local $g f32) (local $sum f64) (local $o i32) (local $o4 i32)
    (local.set $i (local.get $i0))
    (block $done
      (br_if $done (i32.ge_u (local.get $i) (local.get $i1)))
      (loop $row
        (local.set $o (i32.shl (local.get $i) (i32.const 3)))
        (local.set $o4 (i32.shl (local.get $i) (i32.const 2)))
        (local.set $p (f64.add (f64.load (i32.add (local.get $pred) (local.get $o)))
          (f64.load (i32.add (local.get $vals)
            (i32.shl (i32.load16_u (i32.add (local.get $leafOf) (i32.shl (local.get $i) (i32.const 1)))) (i32.const 3))))))
        (f64.store (i32.add (local.get $pred) (local.get $o)) (local.get $p))
        (i32.store (i32.add (local.get $rows) (local.get $o4)) (local.get $i))
        (if (local.get $squared)
          (then
            (local.set $g (f32.demote_f64 (f64.sub (local.get $p) (f64.load (i32.add (local.get $y) (local.get $o))))))
            (f32.store (i32.add (local.get $grad) (local.get $o4)) (local.get $g))
            (local.set $sum (f64.add (local.get $sum) (f64.promote_f32 (local.get $g))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $row (i32.lt_u (local.get $i) (local.get $i1)))))
    (local.get $sum))

  ;; Prediction (src/core/ml/flat-trees.ts). code: for coded features u < U, codes[u*B + i] (u8, one column of
  ;; B bytes per feature) = the number of the feature's thresholds below X[i*F + column] for rows i < m (X
  ;; row-major f64), i.e. the rank of the first threshold >= x; NaN gets the count (it goes right of every
  ;; split). meta holds per feature 16 bytes: column, address of its ascending thresholds (f64), their count.
  (func (export "code") (param $x i32) (param $F i32) (param $m i32) (param $meta i32) (param $U i32)
        (param $codes i32) (param $B i32)
    (local $u i32) (local $col i32) (local $th i32) (local $len i32) (local $i i32) (local $v f64)
    (local $lo i32) (local $hi i32) (local $mid i32) (local $below i32) (local $src i32) (local $out i32)
    (block $features_done
      (br_if $features_done (i32.eqz (local.get $U)))
      (loop $feature
        (local.set $col (i32.load (local.get $meta)))
        (local.set $th (i32.load offset=4 (local.get $meta)))
        (local.set $len (i32.load offset=8 (local.get $meta)))
        (local.set $out (i32.add (local.get $codes) (i32.mul (local.get $u) (local.get $B))))
        (local.set $src (i32.add (local.get $x) (i32.shl (local.get $col) (i32.const 3))))
        (local.set $i (i32.const 0))
        (block $rows_done
          (br_if $rows_done (i32.eqz (local.get $m)))
          (loop $row
            (local.set $v (f64.load (local.get $src)))
            (local.set $lo (i32.const 0))
            (local.set $hi (local.get $len))
            ;; Branch-free halving: which half a value falls in is as good as random.
            (block $found
              (loop $search
                (br_if $found (i32.ge_u (local.get $lo) (local.get $hi)))
                (local.set $mid (i32.shr_u (i32.add (local.get $lo) (local.get $hi)) (i32.const 1)))
                (local.set $below
                  (f64.lt (f64.load (i32.add (local.get $th) (i32.shl (local.get $mid) (i32.const 3)))) (local.get $v)))
                (local.set $lo (select (i32.add (local.get $mid) (i32.const 1)) (local.get $lo) (local.get $below)))
                (local.set $hi (select (local.get $hi) (local.get $mid) (local.get $below)))
                (br $search)))
            ;; NaN compares false with every threshold: it would get rank 0; it goes right of all instead.
            (i32.store8 (i32.add (local.get $out) (local.get $i))
              (select (local.get $lo) (local.get $len) (f64.eq (local.get $v) (local.get $v))))
            (local.set $src (i32.add (local.get $src) (i32.shl (local.get $F) (i32.const 3))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $row (i32.lt_u (local.get $i) (local.get $m)))))
        (local.set $meta (i32.add (local.get $meta) (i32.const 16)))
        (local.set $u (i32.add (local.get $u) (i32.const 1)))
        (br_if $feature (i32.lt_u (local.get $u) (local.get $U))))))

  ;; walk: acc[i] += value of the leaf row i reaches, tree after tree, for rows i < m (m a multiple of 8).
  ;; trees: per tree 8 bytes, its root's node address and its depth. A node is 16 bytes: the byte offset of
  ;; its feature's code column (u*B) and its threshold's rank (read together as one i64), then its left
  ;; child's address (the right child is the next node); its value (f64) is at values + (node - nodes)/2. A
  ;; leaf is its own child with a rank above every code, so each row takes exactly the tree's depth in steps
  ;; (a lone leaf's one step stays on it). A row's steps wait on each other (node, then its code, then the
  ;; child): 8 rows step side by side to fill that wait (4 measured 1.0 ns a step, 8 less). The root, the
  ;; same for every row, is read once per tree.
  (func (export "walk") (param $trees i32) (param $T i32) (param $nodes i32) (param $values i32)
        (param $codes i32) (param $m i32) (param $acc i32)
    (local $t i32) (local $root i32) (local $depth i32) (local $d i32) (local $i i32) (local $c i32) (local $p i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $a4 i32) (local $a5 i32) (local $a6 i32) (local $a7 i32) (local $vo i32)
    (local $w0 i64) (local $w1 i64) (local $w2 i64) (local $w3 i64) (local $w4 i64) (local $w5 i64) (local $w6 i64) (local $w7 i64)
    (local $rcodes i32) (local $rr i32) (local $rc i32) (local $rf i32)
    (local.set $vo (i32.sub (local.get $values) (i32.shr_u (local.get $nodes) (i32.const 1))))
    (block $trees_done
      (br_if $trees_done (i32.eqz (local.get $T)))
      (loop $tree
        (local.set $root (i32.load (local.get $trees)))
        (local.set $depth (i32.load offset=4 (local.get $trees)))
        (local.set $rf (i32.add (local.get $codes) (i32.load (local.get $root))))
        (local.set $rr (i32.load offset=4 (local.get $root)))
        (local.set $rc (i32.load offset=8 (local.get $root)))
        (local.set $i (i32.const 0))
        (block $rows_done
          (br_if $rows_done (i32.eqz (local.get $m)))
          (loop $rows
            (local.set $c (i32.add (local.get $codes) (local.get $i)))
            (local.set $rcodes (i32.add (local.get $rf) (local.get $i)))
            (local.set $a0 (i32.add (local.get $rc) (i32.shl
              (i32.lt_s (local.get $rr) (i32.load8_u (local.get $rcodes))) (i32.const 4))))
            (local.set $a1 (i32.add (local.get $rc) (i32.shl
              (i32.lt_s (local.get $rr) (i32.load8_u offset=1 (local.get $rcodes))) (i32.const 4))))
            (local.set $a2 (i32.add (local.get $rc) (i32.shl
              (i32.lt_s (local.get $rr) (i32.load8_u offset=2 (local.get $rcodes))) (i32.const 4))))
            (local.set $a3 (i32.add (local.get $rc) (i32.shl
              (i32.lt_s (local.get $rr) (i32.load8_u offset=3 (local.get $rcodes))) (i32.const 4))))
            (local.set $a4 (i32.add (local.get $rc) (i32.shl
              (i32.lt_s (local.get $rr) (i32.load8_u offset=4 (local.get $rcodes))) (i32.const 4))))
            (local.set $a5 (i32.add (local.get $rc) (i32.shl
              (i32.lt_s (local.get $rr) (i32.load8_u offset=5 (local.get $rcodes))) (i32.const 4))))
            (local.set $a6 (i32.add (local.get $rc) (i32.shl
              (i32.lt_s (local.get $rr) (i32.load8_u offset=6 (local.get $rcodes))) (i32.const 4))))
            (local.set $a7 (i32.add (local.get $rc) (i32.shl
              (i32.lt_s (local.get $rr) (i32.load8_u offset=7 (local.get $rcodes))) (i32.const 4))))
            (local.set $d (i32.sub (local.get $depth) (i32.const 1)))
            (block $leaves
              (loop $level
                (br_if $leaves (i32.le_s (local.get $d) (i32.const 0)))
                (local.set $w0 (i64.load (local.get $a0)))
                (local.set $a0 (i32.add (i32.load offset=8 (local.get $a0)) (i32.shl
                  (i32.lt_s (i32.wrap_i64 (i64.shr_u (local.get $w0) (i64.const 32)))
                    (i32.load8_u (i32.add (local.get $c) (i32.wrap_i64 (local.get $w0))))) (i32.const 4))))
                (local.set $w1 (i64.load (local.get $a1)))
                (local.set $a1 (i32.add (i32.load offset=8 (local.get $a1)) (i32.shl
                  (i32.lt_s (i32.wrap_i64 (i64.shr_u (local.get $w1) (i64.const 32)))
                    (i32.load8_u offset=1 (i32.add (local.get $c) (i32.wrap_i64 (local.get $w1))))) (i32.const 4))))
                (local.set $w2 (i64.load (local.get $a2)))
                (local.set $a2 (i32.add (i32.load offset=8 (local.get $a2)) (i32.shl
                  (i32.lt_s (i32.wrap_i64 (i64.shr_u (local.get $w2) (i64.const 32)))
                    (i32.load8_u offset=2 (i32.add (local.get $c) (i32.wrap_i64 (local.get $w2))))) (i32.const 4))))
                (local.set $w3 (i64.load (local.get $a3)))
                (local.set $a3 (i32.add (i32.load offset=8 (local.get $a3)) (i32.shl
                  (i32.lt_s (i32.wrap_i64 (i64.shr_u (local.get $w3) (i64.const 32)))
                    (i32.load8_u offset=3 (i32.add (local.get $c) (i32.wrap_i64 (local.get $w3))))) (i32.const 4))))
                (local.set $w4 (i64.load (local.get $a4)))
                (local.set $a4 (i32.add (i32.load offset=8 (local.get $a4)) (i32.shl
                  (i32.lt_s (i32.wrap_i64 (i64.shr_u (local.get $w4) (i64.const 32)))
                    (i32.load8_u offset=4 (i32.add (local.get $c) (i32.wrap_i64 (local.get $w4))))) (i32.const 4))))
                (local.set $w5 (i64.load (local.get $a5)))
                (local.set $a5 (i32.add (i32.load offset=8 (local.get $a5)) (i32.shl
                  (i32.lt_s (i32.wrap_i64 (i64.shr_u (local.get $w5) (i64.const 32)))
                    (i32.load8_u offset=5 (i32.add (local.get $c) (i32.wrap_i64 (local.get $w5))))) (i32.const 4))))
                (local.set $w6 (i64.load (local.get $a6)))
                (local.set $a6 (i32.add (i32.load offset=8 (local.get $a6)) (i32.shl
                  (i32.lt_s (i32.wrap_i64 (i64.shr_u (local.get $w6) (i64.const 32)))
                    (i32.load8_u offset=6 (i32.add (local.get $c) (i32.wrap_i64 (local.get $w6))))) (i32.const 4))))
                (local.set $w7 (i64.load (local.get $a7)))
                (local.set $a7 (i32.add (i32.load offset=8 (local.get $a7)) (i32.shl
                  (i32.lt_s (i32.wrap_i64 (i64.shr_u (local.get $w7) (i64.const 32)))
                    (i32.load8_u offset=7 (i32.add (local.get $c) (i32.wrap_i64 (local.get $w7))))) (i32.const 4))))
                (local.set $d (i32.sub (local.get $d) (i32.const 1)))
                (br $level)))
            (local.set $p (i32.add (local.get $acc) (i32.shl (local.get $i) (i32.const 3))))
            (f64.store (local.get $p) (f64.add (f64.load (local.get $p))
              (f64.load (i32.add (local.get $vo) (i32.shr_u (local.get $a0) (i32.const 1))))))
            (f64.store offset=8 (local.get $p) (f64.add (f64.load offset=8 (local.get $p))
              (f64.load (i32.add (local.get $vo) (i32.shr_u (local.get $a1) (i32.const 1))))))
            (f64.store offset=16 (local.get $p) (f64.add (f64.load offset=16 (local.get $p))
              (f64.load (i32.add (local.get $vo) (i32.shr_u (local.get $a2) (i32.const 1))))))
            (f64.store offset=24 (local.get $p) (f64.add (f64.load offset=24 (local.get $p))
              (f64.load (i32.add (local.get $vo) (i32.shr_u (local.get $a3) (i32.const 1))))))
            (f64.store offset=32 (local.get $p) (f64.add (f64.load offset=32 (local.get $p))
              (f64.load (i32.add (local.get $vo) (i32.shr_u (local.get $a4) (i32.const 1))))))
            (f64.store offset=40 (local.get $p) (f64.add (f64.load offset=40 (local.get $p))
              (f64.load (i32.add (local.get $vo) (i32.shr_u (local.get $a5) (i32.const 1))))))
            (f64.store offset=48 (local.get $p) (f64.add (f64.load offset=48 (local.get $p))
              (f64.load (i32.add (local.get $vo) (i32.shr_u (local.get $a6) (i32.const 1))))))
            (f64.store offset=56 (local.get $p) (f64.add (f64.load offset=56 (local.get $p))
              (f64.load (i32.add (local.get $vo) (i32.shr_u (local.get $a7) (i32.const 1))))))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (br_if $rows (i32.lt_u (local.get $i) (local.get $m)))))
        (local.set $trees (i32.add (local.get $trees) (i32.const 8)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br_if $tree (i32.lt_u (local.get $t) (local.get $T))))))
)
