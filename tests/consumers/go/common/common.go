// Package common is what every Go consumer shares: its arguments, the loop over cases, one
// JSON line each.
//
// A consumer runs as `CONSUMER BASE_URL CASES_JSON API_KEY`. For each case it calls the
// operation through its generated client and prints {case, status, body}, where `body` is
// rebuilt from the client's typed model under the wire names: a field the client dropped is
// missing from it. A call that fails prints {case, failure} instead.
package common

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Case is one call: the operation, and its argument (an ID, a reference, or comma-separated IDs).
type Case struct {
	Name      string `json:"name"`
	Operation string `json:"operation"`
	Argument  string `json:"argument"`
}

// Body is a response rebuilt from a typed model, under the wire names.
type Body = map[string]any

// Call makes one case's call: the HTTP status the client saw and the body it read.
type Call func(operation, argument string) (int, Body, error)

// Arguments are the base URL, the cases and the API key, from the command line.
func Arguments() (baseURL string, cases []Case, apiKey string) {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: CONSUMER BASE_URL CASES_JSON API_KEY")
		os.Exit(2)
	}
	text, err := os.ReadFile(os.Args[2])
	if err == nil {
		err = json.Unmarshal(text, &cases)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot read the cases:", err)
		os.Exit(2)
	}
	return os.Args[1], cases, os.Args[3]
}

// ID reads a path ID exactly (int64 holds every ID the contract allows).
func ID(argument string) (int64, error) {
	return strconv.ParseInt(argument, 10, 64)
}

// IDs reads the mass-status case's comma-separated IDs.
func IDs(argument string) ([]int64, error) {
	var ids []int64
	for _, text := range strings.Split(argument, ",") {
		id, err := ID(text)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// Run makes every case's call and prints one JSON line for each.
func Run(cases []Case, call Call) {
	out := json.NewEncoder(os.Stdout)
	for _, c := range cases {
		status, body, err := call(c.Operation, c.Argument)
		var line map[string]any
		if err != nil {
			text := strings.ReplaceAll(err.Error(), "\n", " / ")
			if len(text) > 500 {
				text = text[:500]
			}
			line = map[string]any{"case": c.Name, "failure": text}
		} else {
			line = map[string]any{"case": c.Name, "status": status, "body": body}
		}
		if err := out.Encode(line); err != nil {
			fmt.Fprintln(os.Stderr, "cannot write a report:", err)
			os.Exit(1)
		}
	}
}

// Put sets a field of a rebuilt body from an optional value (absent stays absent).
func Put[T any](body Body, name string, value *T) {
	if value != nil {
		body[name] = *value
	}
}
