import { useEffect, useState } from 'react';
import type { Api, Organisation, Page } from './api.js';

/** Parents before children, siblings by name. */
export function treeOrder(organisations: readonly Organisation[]): Organisation[] {
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const key = (o: Organisation) =>
    o.path
      .split('/')
      .filter(Boolean)
      .map((id) => names.get(id) ?? '')
      .join('\u0000');
  return [...organisations].sort((a, b) => key(a).localeCompare(key(b), 'vi'));
}

/** Provinces, districts and wards (not companies) in tree order, by name: where screens stand. */
export function sortedPlaces(organisations: readonly Organisation[]): Organisation[] {
  return treeOrder(organisations.filter((o) => o.kind !== 'company'));
}

/** The places within the user's scope, for the pages that choose among them. */
export function usePlaces(api: Api, onError: (message: string) => void): Organisation[] {
  const [places, setPlaces] = useState<Organisation[]>([]);
  useEffect(() => {
    api.get<Page<Organisation>>('/api/organisations?pageSize=100').then(
      (page) => setPlaces(sortedPlaces(page.items)),
      (problem: Error) => onError(problem.message),
    );
    // onError is a state setter: stable, so the places load once per api
  }, [api]);
  return places;
}
