fn main() {
    let p = std::env::args().nth(1).unwrap();
    let doc = lopdf::Document::load(&p).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    for n in pages {
        let t = doc.extract_text(&[n]);
        match t {
            Ok(t) => println!(
                "--- page {n}: {}",
                t.lines()
                    .filter(|l| l.contains("sha256") || l.contains("page "))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
            Err(e) => println!("err {e}"),
        }
    }
}
