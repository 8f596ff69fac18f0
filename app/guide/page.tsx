import { redirect } from 'next/navigation';

export default function GuideIndex() {
  redirect('/guide/start');
}
