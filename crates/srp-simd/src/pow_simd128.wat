;; modp3072's constant-time exponentiation with wasm simd128, by hand.
;;
;; Written by hand because LLVM compiles Rust's `u64x2_extmul_*_u32x4` to
;; `i64x2.extend_*` + `i64x2.mul`, which V8 emulates slowly; here every
;; product of the inner loop is an `i64x2.extmul_*_i32x4_u`.
;;
;; The algorithm is the one of crates/modp3072 (mul.rs, pow.rs): Montgomery
;; products with R = 2^3080 over 110 limbs of 28 bits (kept as 112, the top
;; two zero), u64 columns whose carries wait until the end of each row,
;; m = the low 28 bits of column i (N = -1 mod 2^28); a 16-entry table read
;; by scanning every entry, and digits with a fixed number of squarings
;; between them. The caller fills the table's seeds and the digits.
;;
;; build.rs expands `;; @repeat 28 {` ... `;; @}`: the lines between are
;; written 28 times, with @B, @T and @U replaced by 16c, 32c and 32c + 16
;; for c = 0..27 (the byte offsets of 4 limbs and of their 4 columns).
;;
;; Memory layout, in bytes (each limb array is 112 little-endian u32, 448 bytes):
;;   out     0     out: the result, in Montgomery form, below 2N
;;   digits  448   in:  up to 768 digits (0..15), one per byte
;;   n       1216  N, written once by the loader
;;   one     1664  R mod N, written once by the loader
;;   t       2112  the 224 u64 columns of a product
;;   acc     3904  the accumulator
;;   entry   4352  the table entry of the current digit
;;   table   4800  16 entries
(module
  (memory (export "memory") 1)
  (global $OUT (export "out") i32 (i32.const 0))
  (global $DIGITS (export "digits") i32 (i32.const 448))
  (global $N (export "n") i32 (i32.const 1216))
  (global $ONE (export "one") i32 (i32.const 1664))
  (global $T i32 (i32.const 2112))
  (global $ACC i32 (i32.const 3904))
  (global $ENTRY i32 (i32.const 4352))
  (global $TABLE (export "table") i32 (i32.const 4800))

  ;; out = a*b/R mod N (below 2N for a, b below 2N). out may be a or b.
  (func $mont_mul (param $a i32) (param $b i32) (param $out i32)
    (local $i i32) (local $j i32) (local $ti i32) (local $ai i32)
    (local $m i64) (local $carry i64) (local $v i64)
    (local $av v128) (local $mv v128) (local $bv v128) (local $nv v128)
    ;; t = 0 (224 columns, 1792 bytes)
    (loop $zero
      (v128.store (i32.add (global.get $T) (local.get $j)) (v128.const i64x2 0 0))
      (br_if $zero (i32.lt_u
        (local.tee $j (i32.add (local.get $j) (i32.const 16))) (i32.const 1792))))
    (loop $rows
      (local.set $ti (i32.add (global.get $T) (i32.shl (local.get $i) (i32.const 3))))
      (local.set $ai (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
      ;; column i takes the carry of column i - 1, then fixes m
      (local.set $v (i64.add (i64.load (local.get $ti)) (local.get $carry)))
      (i64.store (local.get $ti) (local.get $v))
      (local.set $m (i64.and
        (i64.add (local.get $v)
          (i64.mul (i64.extend_i32_u (local.get $ai)) (i64.load32_u (local.get $b))))
        (i64.const 0xfffffff)))
      (local.set $av (i32x4.splat (local.get $ai)))
      (local.set $mv (i32x4.splat (i32.wrap_i64 (local.get $m))))
      ;; columns i .. i+111 += a[i]*b + m*N, four at a time
      ;; @repeat 28 {
      (local.set $bv (v128.load offset=@B (local.get $b)))
      (local.set $nv (v128.load offset=@B (global.get $N)))
      (v128.store offset=@T (local.get $ti)
        (i64x2.add (v128.load offset=@T (local.get $ti))
          (i64x2.add
            (i64x2.extmul_low_i32x4_u (local.get $av) (local.get $bv))
            (i64x2.extmul_low_i32x4_u (local.get $mv) (local.get $nv)))))
      (v128.store offset=@U (local.get $ti)
        (i64x2.add (v128.load offset=@U (local.get $ti))
          (i64x2.add
            (i64x2.extmul_high_i32x4_u (local.get $av) (local.get $bv))
            (i64x2.extmul_high_i32x4_u (local.get $mv) (local.get $nv)))))
      ;; @}
      ;; column i is now a multiple of 2^28: its high part moves up
      (local.set $carry (i64.shr_u (i64.load (local.get $ti)) (i64.const 28)))
      (br_if $rows (i32.lt_u
        (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 110))))
    ;; out = columns 110 .. 219 + carry, in 28-bit limbs
    (local.set $i (i32.const 0))
    (loop $normalise
      (local.set $v (i64.add (local.get $carry)
        (i64.load offset=880 ;; 110 columns of 8 bytes
          (i32.add (global.get $T) (i32.shl (local.get $i) (i32.const 3))))))
      (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
        (i32.and (i32.wrap_i64 (local.get $v)) (i32.const 0xfffffff)))
      (local.set $carry (i64.shr_u (local.get $v) (i64.const 28)))
      (br_if $normalise (i32.lt_u
        (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 110))))
    (i64.store offset=440 (local.get $out) (i64.const 0)))

  (func $copy (param $from i32) (param $to i32)
    (local $k i32)
    (loop $chunks
      (v128.store (i32.add (local.get $to) (local.get $k))
        (v128.load (i32.add (local.get $from) (local.get $k))))
      (br_if $chunks (i32.lt_u
        (local.tee $k (i32.add (local.get $k) (i32.const 16))) (i32.const 448)))))

  (func $entry (param $index i32) (result i32)
    (i32.add (global.get $TABLE) (i32.mul (local.get $index) (i32.const 448))))

  ;; to = table[index], reading all 16 entries through a mask.
  (func $lookup (param $index i32) (param $to i32)
    (local $e i32) (local $k i32) (local $from i32) (local $mask v128)
    (loop $zero
      (v128.store (i32.add (local.get $to) (local.get $k)) (v128.const i64x2 0 0))
      (br_if $zero (i32.lt_u
        (local.tee $k (i32.add (local.get $k) (i32.const 16))) (i32.const 448))))
    (loop $entries
      ;; all ones when e == index: ((e ^ index) - 1) >> 31 is 1 only for 0
      (local.set $mask (i32x4.splat (i32.sub (i32.const 0)
        (i32.shr_u (i32.sub (i32.xor (local.get $e) (local.get $index)) (i32.const 1))
          (i32.const 31)))))
      (local.set $from (call $entry (local.get $e)))
      (local.set $k (i32.const 0))
      (loop $chunks
        (v128.store (i32.add (local.get $to) (local.get $k))
          (v128.or (v128.load (i32.add (local.get $to) (local.get $k)))
            (v128.and (local.get $mask)
              (v128.load (i32.add (local.get $from) (local.get $k))))))
        (br_if $chunks (i32.lt_u
          (local.tee $k (i32.add (local.get $k) (i32.const 16))) (i32.const 448))))
      (br_if $entries (i32.lt_u
        (local.tee $e (i32.add (local.get $e) (i32.const 1))) (i32.const 16)))))

  ;; A window's table: with the base in entry 1, entry i = base^i.
  (func (export "fill_powers")
    (local $i i32)
    (call $copy (global.get $ONE) (call $entry (i32.const 0)))
    (local.set $i (i32.const 2))
    (loop $fill
      (call $mont_mul
        (call $entry (i32.sub (local.get $i) (i32.const 1)))
        (call $entry (i32.const 1))
        (call $entry (local.get $i)))
      (br_if $fill (i32.lt_u
        (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 16)))))

  ;; A comb's table: with the rows in entries 1, 2, 4 and 8, entry s = the
  ;; product of the rows of s's bits.
  (func (export "fill_comb")
    (local $s i32) (local $low i32)
    (call $copy (global.get $ONE) (call $entry (i32.const 0)))
    (local.set $s (i32.const 3))
    (loop $fill
      (local.set $low (i32.and (local.get $s) (i32.sub (i32.const 0) (local.get $s))))
      ;; the rows themselves (s a power of two) are given
      (if (i32.ne (local.get $low) (local.get $s))
        (then
          (call $mont_mul
            (call $entry (i32.sub (local.get $s) (local.get $low)))
            (call $entry (local.get $low))
            (call $entry (local.get $s)))))
      (br_if $fill (i32.lt_u
        (local.tee $s (i32.add (local.get $s) (i32.const 1))) (i32.const 16)))))

  ;; out = table[d0], then for each further digit: `squarings` squarings
  ;; and a product with table[d]. Returns 1, or 0 for more than 768 digits.
  (func (export "run") (param $count i32) (param $squarings i32) (result i32)
    (local $i i32) (local $k i32)
    (if (i32.gt_u (local.get $count) (i32.const 768)) (then (return (i32.const 0))))
    (if (i32.eqz (local.get $count))
      (then
        (call $copy (global.get $ONE) (global.get $OUT))
        (return (i32.const 1))))
    (call $lookup (i32.load8_u (global.get $DIGITS)) (global.get $ACC))
    (local.set $i (i32.const 1))
    (block $done
      (loop $digits
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $k (i32.const 0))
        (block $squared
          (loop $square
            (br_if $squared (i32.ge_u (local.get $k) (local.get $squarings)))
            (call $mont_mul (global.get $ACC) (global.get $ACC) (global.get $ACC))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $square)))
        (call $lookup
          (i32.load8_u (i32.add (global.get $DIGITS) (local.get $i)))
          (global.get $ENTRY))
        (call $mont_mul (global.get $ACC) (global.get $ENTRY) (global.get $ACC))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $digits)))
    (call $copy (global.get $ACC) (global.get $OUT))
    (i32.const 1)))
