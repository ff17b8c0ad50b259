#!/usr/bin/env bash
# Rebuilds the shipped fonts from Debian's font packages (see README.md in this folder).
#   apt-get install fonts-dejavu-core fonts-noto-core fonts-droid-fallback fonts-nanum
#   pip install fonttools==4.68.0
#   fonts/build.sh
set -euo pipefail
cd "$(dirname "$0")"
common=(--name-IDs=0,1,2,3,4,5,6 --name-languages=0x409 --no-glyph-names --notdef-outline
  --recalc-bounds --no-hinting --layout-features='*' --legacy-kern --drop-tables+=FFTM,MATH,vhea,vmtx,DSIG,gasp)

# DejaVu Sans: Latin, Greek, Cyrillic, Vietnamese, punctuation and symbols the forms print.
dejavu="U+0000-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+1F00-1FFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2200-22FF,U+25A0-25FF,U+2610-2612,U+2713-2714,U+FB00-FB06,U+FFFD"
for f in DejaVuSans DejaVuSans-Bold DejaVuSans-Oblique; do
  pyftsubset /usr/share/fonts/truetype/dejavu/$f.ttf --unicodes="$dejavu" "${common[@]}" --output-file=$f.ttf
done

# Noto Sans per script, regular and bold, every character of the file.
for s in Arabic Hebrew Devanagari Bengali Gurmukhi Gujarati Tamil Thai Armenian Georgian; do
  for w in Regular Bold; do
    pyftsubset /usr/share/fonts/truetype/noto/NotoSans$s-$w.ttf --unicodes='*' "${common[@]}" --output-file=NotoSans$s-$w.ttf
  done
done

# Droid Sans Fallback: Chinese (simplified and traditional), Japanese kana; TrueType outlines.
pyftsubset /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf --unicodes='*' "${common[@]}" --output-file=DroidSansFallbackFull.ttf

# Nanum Gothic: Korean (Hangul syllables and jamo), regular and bold.
hangul="U+1100-11FF,U+3130-318F,U+A960-A97F,U+AC00-D7A3,U+D7B0-D7FF"
for w in "" Bold; do
  pyftsubset /usr/share/fonts/truetype/nanum/NanumGothic$w.ttf --unicodes="$hangul" "${common[@]}" --output-file=NanumGothic$w.ttf
done
