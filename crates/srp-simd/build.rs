//! Assembles src/pow_simd128.wat into the module the loader embeds, after
//! expanding its `;; @repeat 28 {` block (see the file's header).
use std::fmt::Write as _;

fn main() {
    let source = "src/pow_simd128.wat";
    println!("cargo:rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let module = wat::parse_str(expand(&text)).unwrap_or_else(|e| panic!("{source}: {e}"));
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("pow_simd128.wasm");
    std::fs::write(&out, module).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}

/// The text with each repeat block written out 28 times.
fn expand(text: &str) -> String {
    let mut out = String::new();
    let mut block: Option<Vec<&str>> = None;
    for line in text.lines() {
        match (line.trim(), &mut block) {
            (";; @repeat 28 {", None) => block = Some(Vec::new()),
            (";; @}", Some(lines)) => {
                for c in 0..28 {
                    for line in lines.iter() {
                        let line = line
                            .replace("@B", &(16 * c).to_string())
                            .replace("@T", &(32 * c).to_string())
                            .replace("@U", &(32 * c + 16).to_string());
                        let _ = writeln!(out, "{line}"); // to a String: cannot fail
                    }
                }
                block = None;
            }
            (_, Some(lines)) => lines.push(line),
            (_, None) => {
                let _ = writeln!(out, "{line}"); // to a String: cannot fail
            }
        }
    }
    assert!(block.is_none(), "an @repeat block is not closed");
    out
}
