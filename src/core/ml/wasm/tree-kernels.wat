;; The two hot loops of the histogram tree learner (src/core/ml/tree.ts), hand-written because V8's code
;; for them measured 2.5x slower (bounds checks on every typed-array access). Compiled to
;; tree-kernels-wasm.ts by `npm run wasm` (scripts/build-wasm.cjs); a test checks the two agree.
;; All arguments are byte offsets into the module's memory, which src/core/ml/kernels.ts lays out.
(module
  ;; Made by the caller at the fit's size: growing it would detach the old buffer, and one detached
  ;; ArrayBuffer makes V8 check every typed-array access in the process for detachment from then on.
  (import "env" "memory" (memory 1))

  ;; For rows[start, end): h[2*(f*256 + bin)] += grad[row], h[2*(f*256 + bin) + 1] += 1 for every feature f.
  ;; bins is row-major (a row's F codes adjacent), so the F updates of a row hit F different features:
  ;; no chain of dependent stores on one hot bin, which a feature-by-feature loop suffers on few-valued features.
  (func (export "hist") (param $bins i32) (param $F i32) (param $grad i32) (param $rows i32)
        (param $start i32) (param $end i32) (param $h i32)
    (local $k i32) (local $r i32) (local $ahead i32) (local $g f64) (local $base i32) (local $end2 i32) (local $f i32) (local $a i32)
    (local.set $k (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $end2 (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (block $done
      (br_if $done (i32.ge_u (local.get $k) (local.get $end2)))
      (loop $row
        (local.set $r (i32.load (local.get $k)))
        ;; Touch the codes and gradient of the row 16 places ahead: a deep node's rows are far apart, and
        ;; this load starts their cache misses early (1.9 -> 1.2 ns per update on a node of 3% of the rows).
        ;; rows has 16 zero entries of padding past its capacity (kernels.ts), so the read stays in bounds.
        (local.set $ahead (i32.load offset=64 (local.get $k)))
        (drop (i32.load8_u (i32.add (local.get $bins) (i32.mul (local.get $ahead) (local.get $F)))))
        (drop (f32.load (i32.add (local.get $grad) (i32.shl (local.get $ahead) (i32.const 2)))))
        (local.set $g (f64.promote_f32 (f32.load (i32.add (local.get $grad) (i32.shl (local.get $r) (i32.const 2))))))
        (local.set $base (i32.add (local.get $bins) (i32.mul (local.get $r) (local.get $F))))
        (local.set $f (i32.const 0))
        (loop $feature
          ;; 16 bytes per (feature, bin): the gradient sum and the count side by side.
          (local.set $a (i32.add (local.get $h)
            (i32.shl
              (i32.add (i32.shl (local.get $f) (i32.const 8)) (i32.load8_u (i32.add (local.get $base) (local.get $f))))
              (i32.const 4))))
          (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (local.get $g)))
          (f64.store offset=8 (local.get $a) (f64.add (f64.load offset=8 (local.get $a)) (f64.const 1)))
          (local.set $f (i32.add (local.get $f) (i32.const 1)))
          (br_if $feature (i32.lt_u (local.get $f) (local.get $F))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br_if $row (i32.lt_u (local.get $k) (local.get $end2))))))

  ;; Stable partition of rows[start, end) (u32) by col[row] <= bin (col: one feature's codes, column-major):
  ;; those to the left, in order, then the others. Branch-free (a split sends rows either way unpredictably);
  ;; scratch holds the right side meanwhile. Returns the index of the first right row.
  (func (export "partition") (param $col i32) (param $rows i32) (param $start i32) (param $end i32)
        (param $bin i32) (param $scratch i32) (result i32)
    (local $k i32) (local $end2 i32) (local $l i32) (local $s i32) (local $r i32) (local $right i32)
    (local.set $k (i32.add (local.get $rows) (i32.shl (local.get $start) (i32.const 2))))
    (local.set $end2 (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (local.set $l (local.get $k))
    (local.set $s (local.get $scratch))
    (block $done
      (br_if $done (i32.ge_u (local.get $k) (local.get $end2)))
      (loop $row
        (local.set $r (i32.load (local.get $k)))
        (local.set $right (i32.gt_u (i32.load8_u (i32.add (local.get $col) (local.get $r))) (local.get $bin)))
        ;; Written to both sides; only the side it belongs to advances.
        (i32.store (local.get $l) (local.get $r))
        (i32.store (local.get $s) (local.get $r))
        (local.set $l (i32.add (local.get $l) (i32.shl (i32.xor (local.get $right) (i32.const 1)) (i32.const 2))))
        (local.set $s (i32.add (local.get $s) (i32.shl (local.get $right) (i32.const 2))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br_if $row (i32.lt_u (local.get $k) (local.get $end2)))))
    (memory.copy (local.get $l) (local.get $scratch) (i32.sub (local.get $s) (local.get $scratch)))
    (i32.shr_u (i32.sub (local.get $l) (local.get $rows)) (i32.const 2)))
)
