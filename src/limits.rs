//! Limits on images, checked before anything is decoded: a small file can declare a huge
//! picture (a 470 KB PNG of 11,000 x 11,000 pixels decodes to 484 MB), so the declared
//! width and height are read from the header first, and the decoder is given the same
//! bound on what it may allocate.

use image::{ImageReader, Limits};
use std::io::Cursor;

/// Bytes a decoded pixel may take (RGBA, 8 bits a channel), for the decoder's allocation
/// limit; 16-bit images are converted by the renderer anyway.
const BYTES_PER_PIXEL: u64 = 8;

fn limits(max_pixels: u64) -> Limits {
    let mut l = Limits::default();
    l.max_alloc = Some(max_pixels.saturating_mul(BYTES_PER_PIXEL));
    l
}

/// The image's declared size, refused when it is not a PNG or JPEG or when its pixel count
/// is over `max_pixels`.
pub fn check_image(bytes: &[u8], max_pixels: u64) -> Result<(u32, u32), String> {
    let r = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    if !matches!(
        r.format(),
        Some(image::ImageFormat::Png) | Some(image::ImageFormat::Jpeg)
    ) {
        return Err("not a PNG or JPEG image".to_string());
    }
    let (w, h) = r.into_dimensions().map_err(|e| e.to_string())?;
    let pixels = u64::from(w) * u64::from(h);
    if pixels > max_pixels {
        return Err(format!(
            "the image is {w} x {h} pixels ({pixels}); the limit is {max_pixels} pixels"
        ));
    }
    Ok((w, h))
}

/// Decodes an image whose size `check_image` accepted, with the decoder's allocations
/// bounded too.
pub fn decode_checked(bytes: &[u8], max_pixels: u64) -> Result<(u32, u32), String> {
    let size = check_image(bytes, max_pixels)?;
    let mut r = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    r.limits(limits(max_pixels));
    r.decode().map(|_| size).map_err(|e| e.to_string())
}
