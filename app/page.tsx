export default function Home() {
  return <main><h1>PowerMTA Console</h1></main>;
}
