// A React app embedding <kl-enroll>/<kl-auth>. The test passes the gateway's SDK URL and the
// attributes as window.likenessTest, as an app would from its own configuration.
import { useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';

const { components, tag, attributes } = window.likenessTest;
await import(/* @vite-ignore */ components);

function Likeness({ onFinished, onError }) {
  const element = useRef(null);
  useEffect(() => {
    const finished = (event) => onFinished(event.detail);
    const error = (event) => onError(event.message);
    const node = element.current;
    node.addEventListener('finished', finished);
    node.addEventListener('error', error);
    return () => {
      node.removeEventListener('finished', finished);
      node.removeEventListener('error', error);
    };
  }, [onFinished, onError]);
  // `key` is React's own prop: React apps pass the image key as `public-key`.
  const Tag = tag;
  return <Tag ref={element} {...attributes} />;
}

createRoot(document.getElementById('root')).render(
  <Likeness
    onFinished={(detail) => { window.likenessResult = { finished: detail }; }}
    onError={(code) => { window.likenessResult = { error: code }; }}
  />,
);
