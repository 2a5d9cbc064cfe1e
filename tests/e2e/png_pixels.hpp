#pragma once
// Just enough of PNG (RFC 2083) to look at a headless Chromium screenshot: 8-bit RGB or RGBA, not
// interlaced, every scanline filter; zlib inflates the data. Anything else is refused with why.

#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace dq::e2e {

struct Pixels {
  std::uint32_t width = 0, height = 0;
  std::vector<std::uint8_t> rgb;  // width * height * 3
  std::string error = {};         // why the file could not be read; empty when it was
};

inline std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}

inline std::uint8_t paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return std::uint8_t(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

inline Pixels decode_png(const std::string& file) {
  Pixels px;
  if (file.size() < 8 || file.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return {0, 0, {}, "not a PNG"};
  std::string idat;
  int channels = 0;
  for (std::size_t at = 8; at + 12 <= file.size();) {
    const std::uint32_t n = be32(file, at);
    const std::string type = file.substr(at + 4, 4);
    if (at + 12 + n > file.size()) return {0, 0, {}, "truncated chunk " + type};
    if (type == "IHDR") {
      px.width = be32(file, at + 8);
      px.height = be32(file, at + 12);
      const int depth = std::uint8_t(file[at + 16]), colour = std::uint8_t(file[at + 17]);
      const int interlace = std::uint8_t(file[at + 20]);
      if (depth != 8 || (colour != 2 && colour != 6) || interlace != 0)
        return {0,
                0,
                {},
                "unsupported PNG: depth " + std::to_string(depth) + ", colour type " +
                    std::to_string(colour) + ", interlace " + std::to_string(interlace)};
      channels = colour == 2 ? 3 : 4;
    } else if (type == "IDAT") {
      idat += file.substr(at + 8, n);
    }
    at += 12 + n;
  }
  if (channels == 0 || px.width == 0 || px.height == 0) return {0, 0, {}, "no image header"};
  const std::size_t stride = std::size_t(px.width) * channels;
  std::vector<std::uint8_t> raw((stride + 1) * px.height);
  uLongf raw_size = raw.size();
  if (uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) != Z_OK ||
      raw_size != raw.size())
    return {0, 0, {}, "image data does not inflate to " + std::to_string(raw.size()) + " bytes"};
  std::vector<std::uint8_t> prev(stride, 0), line(stride);
  px.rgb.reserve(std::size_t(px.width) * px.height * 3);
  for (std::uint32_t y = 0; y < px.height; ++y) {
    const std::uint8_t* in = &raw[y * (stride + 1)];
    const int filter = in[0];
    for (std::size_t x = 0; x < stride; ++x) {
      const int a = x >= std::size_t(channels) ? line[x - channels] : 0, b = prev[x];
      const int c = x >= std::size_t(channels) ? prev[x - channels] : 0;
      const int predicted = filter == 1   ? a
                            : filter == 2 ? b
                            : filter == 3 ? (a + b) / 2
                            : filter == 4 ? paeth(a, b, c)
                                          : 0;
      line[x] = std::uint8_t(in[1 + x] + predicted);
    }
    for (std::size_t x = 0; x < stride; x += channels) px.rgb.insert(px.rgb.end(), &line[x], &line[x] + 3);
    prev.swap(line);
  }
  return px;
}

}  // namespace dq::e2e
