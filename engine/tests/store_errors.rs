//! What people read when sled, the database engine, fails: stroom's words (what happened,
//! which database, what to run), never sled's own text.

use stroom::StoreError;

fn sled(error: sled::Error) -> String {
    StoreError::Sled {
        path: "/data/stroom".to_string(),
        error,
    }
    .to_string()
}

/// sled's copies of its I/O errors carry the original's Debug text; the message gives the
/// plain one.
fn sled_copy(code: i32) -> std::io::Error {
    let original = std::io::Error::from_raw_os_error(code);
    std::io::Error::new(original.kind(), format!("{original:?}"))
}

#[test]
fn sled_errors_read_as_stroom_messages() {
    let cases = [
        (
            "disk full",
            sled(sled::Error::Io(std::io::Error::from_raw_os_error(28))),
        ),
        (
            "disk full, sled's copy",
            sled(sled::Error::Io(sled_copy(28))),
        ),
        (
            "failing disk, sled's copy",
            sled(sled::Error::Io(sled_copy(5))),
        ),
        (
            "damaged files",
            sled(sled::Error::Corruption { at: None, bt: () }),
        ),
        (
            "a panic inside sled",
            sled(sled::Error::ReportableBug(
                "it stopped on an internal error: index out of bounds".to_string(),
            )),
        ),
        (
            "an unsupported operation",
            sled(sled::Error::Unsupported("compression".to_string())),
        ),
    ];
    let mut text = String::new();
    for (what, message) in &cases {
        for raw in [
            "IO error",
            "Os {",
            "Read corrupted",
            "PLEASE REPORT",
            "Unexpected bug",
        ] {
            assert!(
                !message.contains(raw),
                "{what}: sled's text '{raw}' in {message}"
            );
        }
        assert!(
            message.contains("/data/stroom"),
            "{what}: names the database"
        );
        assert!(message.contains("hint:"), "{what}: says what to run");
        text.push_str(&format!("{what}:\n{message}\n\n"));
    }
    insta::assert_snapshot!(text);
}

#[test]
fn commit_errors_show_the_plain_io_error() {
    let message = StoreError::Commit {
        path: "/data/stroom".to_string(),
        anchored: true,
        error: sled_copy(5),
    }
    .to_string();
    assert!(
        message.contains("Input/output error (os error 5)"),
        "{message}"
    );
    assert!(!message.contains("Os {"), "{message}");
}

#[test]
fn panic_text_is_cleaned_to_the_io_error_inside() {
    let text = "called `Result::unwrap()` on an `Err` value: Os { code: 5, kind: Uncategorized, message: \"Input/output error\" }";
    assert_eq!(
        stroom::store::clean_panic(text),
        "Input/output error (os error 5)"
    );
    assert_eq!(stroom::store::clean_panic("plain words"), "plain words");
}
