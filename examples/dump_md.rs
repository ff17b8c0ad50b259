use smpdoc::context::{DocumentKind, build};
use smpdoc::policy::Policy;
use smpdoc::template::Templates;
use smpdoc::validate::{BatchValidator, Checked};
fn main() {
    let args: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let policy = Policy::default();
    let mut v = BatchValidator::new(&policy);
    let t = Templates::builtin().unwrap();
    for item in smpdoc::input::read_inputs(args) {
        if let Checked::Valid(r) = v.check(item) {
            for k in DocumentKind::ALL {
                match t.fill(k, &build(&r, &r.value, k)) {
                    Ok(md) => println!("=== {} {}\n{md}", r.record.record_id, k.name()),
                    Err(e) => println!("=== {} {} ERROR {e}", r.record.record_id, k.name()),
                }
            }
        }
    }
}
