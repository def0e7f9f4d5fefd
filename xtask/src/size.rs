//! `cargo xtask bench size`: where the app's bytes go. The release wasm,
//! built as `cargo xtask dist` builds it, run through wasm-bindgen and
//! wasm-opt again with its function names kept, and twiggy's list of every
//! item, added up by the crate that owns the code. Generic code counts for
//! the crate of its outermost path (`core::ptr::drop_in_place<tachys::…>` is
//! core's), so read the rows as "the Leptos runtime", "the app", and so on.

use std::collections::BTreeMap;
use std::path::Path;

use crate::dist;
use crate::run::CommandExt;
use crate::tools;

pub fn profile(root: &Path) -> Result<(), String> {
    let tools = tools::ensure(root)?.with_twiggy()?;
    dist::build(root, &tools)?;
    let dir = root.join("target/size-profile");
    let built = root.join("target/wasm32-unknown-unknown/wasm-release/wildrydes.wasm");
    tools
        .command(root, "wasm-bindgen")
        .args(["--target", "web", "--keep-debug", "--out-dir"])
        .arg(&dir)
        .arg(&built)
        .status_ok("wasm-bindgen")?;
    // The level trunk uses (index.html's data-wasm-opt), names kept (-g).
    let named = dir.join("named.wasm");
    tools
        .command(root, "wasm-opt")
        .args(["-Os", "-g", "--output"])
        .arg(&named)
        .arg(dir.join("wildrydes_bg.wasm"))
        .status_ok("wasm-opt")?;
    let listing = tools
        .command(root, "twiggy")
        .args(["top", "-n", "1000000", "--format", "csv"])
        .arg(&named)
        .output_ok("twiggy top")?;
    let listing = String::from_utf8_lossy(&listing.stdout).into_owned();

    let shipped = shipped_wasm(root)?;
    let shipped_gzip = dist::gzip_size(&shipped)?;
    let mut by_owner: BTreeMap<String, usize> = BTreeMap::new();
    let mut items: Vec<(usize, String)> = Vec::new();
    for line in listing.lines().skip(1) {
        let Some((name, size)) = item(line) else {
            continue;
        };
        // The names are the profile's, not the shipped wasm's.
        if name.starts_with("custom section") || name.contains("subsection") {
            continue;
        }
        *by_owner.entry(owner(&name)).or_default() += size;
        items.push((size, name));
    }
    let total: usize = by_owner.values().sum();
    let mut rows: Vec<(String, usize)> = by_owner.into_iter().collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.1));
    println!(
        "\nThe shipped wasm: {} bytes, {shipped_gzip} gzip -9. By owner (raw bytes of code and data,",
        shipped.len()
    );
    println!("and that share of the gzip -9 size, an estimate: code compresses about alike):");
    for (owner, size) in rows.iter().take(24) {
        let share = *size as f64 / total as f64;
        println!(
            "  {owner:<28} {size:>8} {:>5.1}%  ~{:>6.1} KB",
            share * 100.0,
            share * shipped_gzip as f64 / 1000.0
        );
    }
    let rest: usize = rows.iter().skip(24).map(|(_, size)| size).sum();
    println!("  {:<28} {rest:>8}", "(the rest)");
    items.sort_by_key(|item| std::cmp::Reverse(item.0));
    println!("\nThe largest items:");
    for (size, name) in items.iter().take(20) {
        println!(
            "  {size:>7}  {}",
            name.chars().take(110).collect::<String>()
        );
    }
    println!(
        "\n(twiggy on {}: `twiggy dominators` and `twiggy paths` there show what keeps an item.)",
        named.display()
    );
    Ok(())
}

/// The wasm in dist/.
fn shipped_wasm(root: &Path) -> Result<Vec<u8>, String> {
    let name = dist::files(&root.join("dist"))?
        .into_iter()
        .find(|name| name.ends_with("_bg.wasm"))
        .ok_or("dist/ has no wasm")?;
    std::fs::read(root.join("dist").join(name)).map_err(|e| e.to_string())
}

/// A line of twiggy's CSV: the item's name (quoted when it has commas) and
/// its shallow size.
fn item(line: &str) -> Option<(String, usize)> {
    let (name, rest) = match line.strip_prefix('"') {
        Some(quoted) => {
            let end = quoted.find("\",")?;
            (quoted[..end].replace("\"\"", "\""), &quoted[end + 2..])
        }
        None => {
            let (name, rest) = line.split_once(',')?;
            (name.to_string(), rest)
        }
    };
    let size = rest.split(',').next()?.parse().ok()?;
    Some((name, size))
}

/// The crate whose path an item's name starts with; data and wasm-bindgen's
/// shims by what they are.
fn owner(name: &str) -> String {
    if name.starts_with("data segment") {
        return "(data: strings, constants)".into();
    }
    // `<T as tachys::…>::f`, `<char as core::fmt::Debug>::fmt`: the trait's
    // crate, when the type is not a path.
    let name = match name
        .strip_prefix('<')
        .and_then(|inner| inner.split_once(" as "))
    {
        Some((ty, tr)) if !ty.contains("::") => tr,
        _ => name.trim_start_matches('<'),
    };
    let end = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    let rest = &name[end..];
    // `core[c5930c85a12de822]::…`: a crate with its hash.
    let rest = match rest.strip_prefix('[') {
        Some(hashed) => hashed.split_once(']').map_or("", |(_, after)| after),
        None => rest,
    };
    if end == 0 || !rest.starts_with("::") {
        return "(wasm-bindgen shims, other)".into();
    }
    name[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_read_and_owned() {
        assert_eq!(
            item(r#""<a as b>::c, d",120,0.1,120,0.1"#),
            Some(("<a as b>::c, d".to_string(), 120))
        );
        assert_eq!(item("main,502,0.0,502,0.0"), Some(("main".into(), 502)));
        assert_eq!(owner("<core::marker::PhantomData<T> as x>::f"), "core");
        assert_eq!(owner("tachys::view::f::h12"), "tachys");
        assert_eq!(owner("core[c5930c85a12de822]::str::f"), "core");
        assert_eq!(
            owner("data segment \".rodata\""),
            "(data: strings, constants)"
        );
        assert_eq!(owner("elem[0]"), "(wasm-bindgen shims, other)");
        assert_eq!(owner("<T as tachys::view::IntoAny>::build::h1"), "tachys");
        assert_eq!(owner("<&isize as core[c59]::fmt::Debug>::fmt"), "core");
    }
}
