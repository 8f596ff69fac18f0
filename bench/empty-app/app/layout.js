// The bench's baseline: the smallest App Router app there is. See bench/lib/empty-app.mjs.
export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
